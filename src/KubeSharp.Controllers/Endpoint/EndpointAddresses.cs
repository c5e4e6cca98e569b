using k8s.Models;
using KubeSharp.Controllers.Shared;

namespace KubeSharp.Controllers.Endpoint;

/// <summary>podToEndpointAddressForService: a pod's address of the Service's (first) IP family, with its node and a reference to it.</summary>
internal static class EndpointAddresses
{
    /// <summary>The pod's address, or null when it has none of the Service's family.</summary>
    public static V1EndpointAddress? For(V1Service service, V1Pod pod)
    {
        var wantIPv6 = WantsIPv6(service, pod);
        var ip = PodIps.Of(pod).FirstOrDefault(candidate => PodIps.IsIPv6(candidate) == wantIPv6);
        if (ip is null)
        {
            return null;
        }

        var address = new V1EndpointAddress
        {
            Ip = ip,
            NodeName = pod.Spec?.NodeName,
            TargetRef = ObjectReferences.ToPod(pod),
        };
        if (EndpointPods.ShouldSetHostname(pod, service))
        {
            address.Hostname = pod.Spec!.Hostname;
        }

        return address;
    }

    private static bool WantsIPv6(V1Service service, V1Pod pod)
    {
        if (service.Spec?.IpFamilies is { Count: > 0 } families)
        {
            // Set by every current API server, for headless Services too.
            return families[0] == "IPv6";
        }

        // An old API server: the cluster IP's family, or for a headless Service the pod's.
        return HeadlessServices.IsServiceIpSet(service) ? PodIps.IsIPv6(service.Spec!.ClusterIP) : PodIps.IsIPv6(pod.Status?.PodIP);
    }
}
