using k8s.Models;

namespace KubeSharp.Controllers.Shared;

/// <summary>Headless Services (no cluster IP), whose Endpoints and EndpointSlices carry the headless label.</summary>
internal static class HeadlessServices
{
    /// <summary>v1.IsHeadlessService: set, with an empty value, on endpoints of a headless Service.</summary>
    public const string Label = "service.kubernetes.io/headless";

    public const string ClusterIpNone = "None";

    /// <summary>helper.IsServiceIPSet: the Service has a cluster IP.</summary>
    public static bool IsServiceIpSet(V1Service service) =>
        service.Spec?.ClusterIP is { Length: > 0 } clusterIp && clusterIp != ClusterIpNone;
}
