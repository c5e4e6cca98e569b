using k8s.Models;
using KubeSharp.Controllers.Shared;

namespace KubeSharp.Controllers.EndpointSlice;

/// <summary>
/// The EndpointSlice of the default/kubernetes Service. The API server writes that Service and its
/// Endpoints (labelled skip-mirror) but no slice; upstream's API server writes the slice too
/// (endpointSliceFromEndpoints), so this controller keeps one of the same name in step with the
/// Endpoints: the first subset's ports, ready and not-ready addresses of one family.
/// </summary>
internal static class KubernetesSliceMirror
{
    public const string Namespace = "default";
    public const string Name = "kubernetes";
    public const string Key = Namespace + "/" + Name;

    /// <summary>The managed-by value of mirrored slices, which the slice reconciler never touches.</summary>
    public const string ManagedBy = "endpointslicemirroring-controller.k8s.io";

    public static V1EndpointSlice SliceFor(V1Endpoints endpoints)
    {
        var slice = new V1EndpointSlice
        {
            ApiVersion = ServiceSlices.ApiVersion,
            Kind = ServiceSlices.Kind,
            Metadata = new V1ObjectMeta
            {
                Name = Name,
                NamespaceProperty = Namespace,
                Labels = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [SliceLabels.ServiceName] = Name,
                    [SliceLabels.ManagedBy] = ManagedBy,
                },
            },
            AddressType = SliceEndpoints.IPv4,
            Ports = [],
            Endpoints = [],
        };
        if (endpoints.Subsets is not { Count: > 0 } subsets)
        {
            return slice;
        }

        var subset = subsets[0];
        foreach (var port in subset.Ports ?? [])
        {
            slice.Ports.Add(new Discoveryv1EndpointPort { Name = port.Name ?? string.Empty, Port = port.Port, Protocol = port.Protocol ?? "TCP" });
        }

        var all = (subset.Addresses ?? []).Concat(subset.NotReadyAddresses ?? []).ToList();
        if (all.Count > 0 && all.All(address => PodIps.IsIPv6(address.Ip)))
        {
            slice.AddressType = SliceEndpoints.IPv6;
        }

        var ipv6 = slice.AddressType == SliceEndpoints.IPv6;
        foreach (var (addresses, ready) in new[] { (subset.Addresses, true), (subset.NotReadyAddresses, false) })
        {
            foreach (var address in addresses ?? [])
            {
                if (PodIps.IsIPv6(address.Ip) == ipv6)
                {
                    slice.Endpoints.Add(new V1Endpoint
                    {
                        Addresses = [address.Ip],
                        Conditions = new V1EndpointConditions { Ready = ready },
                        TargetRef = address.TargetRef,
                        NodeName = address.NodeName,
                    });
                }
            }
        }

        return slice;
    }

    /// <summary>Whether the existing slice already says what the desired one does (address type aside, which cannot change).</summary>
    public static bool Matches(V1EndpointSlice current, V1EndpointSlice desired) =>
        SliceComparison.EndpointsEqual(current.Endpoints, desired.Endpoints)
        && SliceComparison.PortsEqual(current.Ports, desired.Ports)
        && StringMaps.Equal(current.Metadata?.Labels, desired.Metadata?.Labels);
}
