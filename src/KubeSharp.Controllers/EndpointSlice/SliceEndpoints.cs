using k8s.Models;
using KubeSharp.Controllers.Shared;

namespace KubeSharp.Controllers.EndpointSlice;

/// <summary>
/// What a pod contributes to a Service's slices (k8s.io/endpointslice utils.go): its endpoint for
/// one address type, with conditions, node, zone and reference, and the ports it serves.
/// </summary>
internal static class SliceEndpoints
{
    public const string IPv4 = "IPv4";
    public const string IPv6 = "IPv6";

    /// <summary>v1.LabelTopologyZone.</summary>
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    /// <summary>
    /// podToEndpoint. serving is the pod's readiness; ready is serving and not terminating (kept
    /// false for terminating pods for old consumers), or always true with publishNotReadyAddresses.
    /// </summary>
    public static V1Endpoint For(V1Pod pod, V1Node? node, V1Service service, string addressType)
    {
        var serving = PodStates.IsReady(pod);
        var terminating = pod.Metadata?.DeletionTimestamp is not null;
        var ready = service.Spec?.PublishNotReadyAddresses == true || (serving && !terminating);
        var endpoint = new V1Endpoint
        {
            Addresses = Addresses(pod, addressType),
            Conditions = new V1EndpointConditions { Ready = ready, Serving = serving, Terminating = terminating },
            TargetRef = ObjectReferences.ToPod(pod),
        };
        if (!string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            endpoint.NodeName = pod.Spec.NodeName;
        }

        if (node?.Metadata?.Labels is { } labels && labels.TryGetValue(ZoneLabel, out var zone) && zone.Length > 0)
        {
            endpoint.Zone = zone;
        }

        if (EndpointPods.ShouldSetHostname(pod, service))
        {
            endpoint.Hostname = pod.Spec!.Hostname;
        }

        return endpoint;
    }

    /// <summary>getEndpointPorts: each Service port the pod has a target for, with the Service port's name, protocol and appProtocol.</summary>
    public static List<Discoveryv1EndpointPort> Ports(V1Service service, V1Pod pod)
    {
        var ports = new List<Discoveryv1EndpointPort>();
        foreach (var servicePort in service.Spec?.Ports ?? [])
        {
            if (TargetPorts.Find(pod, servicePort) is { } number)
            {
                ports.Add(new Discoveryv1EndpointPort
                {
                    Name = servicePort.Name ?? string.Empty,
                    Port = number,
                    Protocol = servicePort.Protocol ?? "TCP",
                    AppProtocol = servicePort.AppProtocol,
                });
            }
        }

        return ports;
    }

    /// <summary>
    /// getAddressTypesForService: the Service's IP families; without them (an old API server) the
    /// cluster IP's family, or both for a headless Service.
    /// </summary>
    public static List<string> AddressTypes(V1Service service)
    {
        var types = new List<string>();
        foreach (var family in service.Spec?.IpFamilies ?? [])
        {
            if (family is IPv4 or IPv6 && !types.Contains(family))
            {
                types.Add(family);
            }
        }

        if (types.Count > 0)
        {
            return types;
        }

        if (HeadlessServices.IsServiceIpSet(service))
        {
            return [PodIps.IsIPv6(service.Spec!.ClusterIP) ? IPv6 : IPv4];
        }

        return [IPv4, IPv6];
    }

    /// <summary>getEndpointAddresses: the pod's addresses of the slice's type, in canonical form.</summary>
    private static List<string> Addresses(V1Pod pod, string addressType)
    {
        var addresses = new List<string>();
        foreach (var ip in PodIps.Of(pod))
        {
            if (PodIps.Canonical(ip) is { } canonical && PodIps.IsIPv6(canonical) == (addressType == IPv6))
            {
                addresses.Add(canonical);
            }
        }

        return addresses;
    }
}
