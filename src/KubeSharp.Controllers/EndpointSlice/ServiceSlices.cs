using k8s.Models;
using KubeSharp.Controllers.Shared;

namespace KubeSharp.Controllers.EndpointSlice;

/// <summary>The slices of a Service: new ones (newEndpointSlice) and whether an existing one is owned by it (ownedBy).</summary>
internal static class ServiceSlices
{
    public const string ApiVersion = "discovery.k8s.io/v1";
    public const string Kind = "EndpointSlice";

    /// <summary>An empty slice for the Service: named by the server from "service-", owned by the Service, labelled like it.</summary>
    public static V1EndpointSlice New(V1Service service, IEnumerable<Discoveryv1EndpointPort> ports, string addressType)
    {
        var slice = new V1EndpointSlice
        {
            ApiVersion = ApiVersion,
            Kind = Kind,
            Metadata = new V1ObjectMeta
            {
                // Service names are DNS labels, so the prefix is always a valid generateName.
                GenerateName = service.Metadata.Name + "-",
                NamespaceProperty = service.Metadata.NamespaceProperty,
                OwnerReferences = [Owners.ControllerReference(service, "v1", "Service")],
            },
            AddressType = addressType,
            Ports = [.. ports],
            Endpoints = [],
        };
        slice.Metadata.Labels = SliceLabels.For(slice, service).Labels;
        return slice;
    }

    public static bool OwnedBy(V1EndpointSlice slice, V1Service service) =>
        slice.Metadata?.OwnerReferences?.Any(owner => owner.Uid == service.Metadata.Uid && owner.Kind == "Service" && owner.ApiVersion == "v1") == true;
}
