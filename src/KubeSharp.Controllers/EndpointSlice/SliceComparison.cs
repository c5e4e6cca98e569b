using k8s.Models;
using KubeSharp.Controllers.Shared;

namespace KubeSharp.Controllers.EndpointSlice;

/// <summary>When a slice or an endpoint in it needs writing: field comparisons ignoring target resourceVersions.</summary>
internal static class SliceComparison
{
    /// <summary>
    /// EndpointsEqualBeyondHash: equal in everything the endpoint's identity does not cover (node,
    /// zone, conditions, target). Missing and empty values differ, as Go's pointers do.
    /// </summary>
    public static bool EndpointsEqualBeyondHash(V1Endpoint a, V1Endpoint b) =>
        a.NodeName == b.NodeName
        && a.Zone == b.Zone
        && a.Conditions?.Ready == b.Conditions?.Ready
        && a.Conditions?.Serving == b.Conditions?.Serving
        && a.Conditions?.Terminating == b.Conditions?.Terminating
        && ObjectReferences.EqualIgnoringResourceVersion(a.TargetRef, b.TargetRef);

    /// <summary>Endpoints equal in every field (the addresses in order), targets compared without resourceVersion.</summary>
    public static bool EndpointsEqual(IList<V1Endpoint>? a, IList<V1Endpoint>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        for (var i = 0; i < (a?.Count ?? 0); i++)
        {
            var x = a![i];
            var y = b![i];
            if (!(x.Addresses ?? []).SequenceEqual(y.Addresses ?? [], StringComparer.Ordinal)
                || x.Hostname != y.Hostname
                || !EndpointsEqualBeyondHash(x, y))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Ports equal in order; the API server fills in an empty name and TCP, so those equal missing ones.</summary>
    public static bool PortsEqual(IList<Discoveryv1EndpointPort>? a, IList<Discoveryv1EndpointPort>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        for (var i = 0; i < (a?.Count ?? 0); i++)
        {
            var x = a![i];
            var y = b![i];
            if (!ObjectReferences.Same(x.Name, y.Name)
                || x.Port != y.Port
                || (x.Protocol ?? "TCP") != (y.Protocol ?? "TCP")
                || x.AppProtocol != y.AppProtocol)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// placeholderSliceCompare: an existing slice that is the placeholder the reconciler would make
    /// (same namespace, labels and address type, no ports, no endpoints) is kept rather than replaced.
    /// </summary>
    public static bool SamePlaceholder(V1EndpointSlice existing, V1EndpointSlice placeholder) =>
        existing.Metadata?.NamespaceProperty == placeholder.Metadata?.NamespaceProperty
        && StringMaps.Equal(existing.Metadata?.Labels, placeholder.Metadata?.Labels)
        && existing.AddressType == placeholder.AddressType
        && PortsEqual(existing.Ports, placeholder.Ports)
        && EndpointsEqual(existing.Endpoints, placeholder.Endpoints);
}
