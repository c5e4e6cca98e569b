using k8s.Models;
using KubeSharp.Api.Networking;
using KubeSharp.Proxy.Services;

namespace KubeSharp.Proxy.Endpoints;

/// <summary>
/// The endpoints of one Service port from the Service's EndpointSlices (upstream's
/// EndpointSliceCache): a slice port serves the Service port with the same name and protocol and
/// gives the target port, so named target ports work; an endpoint's first address is its IP; an
/// endpoint in several slices counts once (the local one if they differ); sorted by ip:port.
/// </summary>
internal static class ServiceEndpoints
{
    public static List<EndpointInfo> For(ServicePortInfo port, IReadOnlyList<V1EndpointSlice> slices, string nodeName)
    {
        if (slices.Count == 0)
        {
            return [];
        }

        var byAddress = new Dictionary<string, EndpointInfo>(StringComparer.Ordinal);
        foreach (var slice in slices)
        {
            var number = TargetPort(slice, port);
            if (number == 0)
            {
                continue;
            }

            foreach (var endpoint in slice.Endpoints ?? [])
            {
                if (endpoint?.Addresses is not { Count: > 0 } addresses || !Ipv4Cidr.TryParseAddress(addresses[0], out var address))
                {
                    continue;
                }

                var conditions = endpoint.Conditions;
                var isLocal = endpoint.NodeName == nodeName;
                var info = new EndpointInfo(
                    Ipv4Cidr.Format(address),
                    number,
                    isLocal,
                    Ready: conditions?.Ready ?? true,
                    Serving: conditions?.Serving ?? true,
                    Terminating: conditions?.Terminating ?? false);
                if (isLocal || !byAddress.ContainsKey(info.Address))
                {
                    byAddress[info.Address] = info;
                }
            }
        }

        var endpoints = new List<EndpointInfo>(byAddress.Values);
        endpoints.Sort(static (a, b) => string.CompareOrdinal(a.Address, b.Address));
        return endpoints;
    }

    /// <summary>The slice's port number for the Service port; 0 when it has none.</summary>
    private static int TargetPort(V1EndpointSlice slice, ServicePortInfo port)
    {
        foreach (var candidate in slice.Ports ?? [])
        {
            if ((candidate?.Name ?? string.Empty) == port.PortName
                && (candidate?.Protocol ?? "TCP") == port.Protocol
                && candidate?.Port is int number and > 0 and <= 65535)
            {
                return number;
            }
        }

        return 0;
    }
}
