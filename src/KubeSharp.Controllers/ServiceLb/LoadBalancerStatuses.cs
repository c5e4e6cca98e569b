using k8s.Models;
using KubeSharp.Controllers.Shared;

namespace KubeSharp.Controllers.ServiceLb;

/// <summary>Reading and rewriting a Service's status.loadBalancer.ingress.</summary>
internal static class LoadBalancerStatuses
{
    /// <summary>The IPs the ingress entries show, in order.</summary>
    public static IEnumerable<string> IngressIps(V1Service service) =>
        Ingress(service).Select(entry => entry.Ip).OfType<string>().Where(ip => ip.Length > 0);

    public static IList<V1LoadBalancerIngress> Ingress(V1Service service) => service.Status?.LoadBalancer?.Ingress ?? [];

    /// <summary>The ingress this controller writes for an address: the IP alone, reached as a virtual IP.</summary>
    public static List<V1LoadBalancerIngress> For(string ip) => [new V1LoadBalancerIngress { Ip = ip, IpMode = "VIP" }];

    /// <summary>Whether the status shows exactly what <see cref="For"/> would write (a missing ipMode means VIP).</summary>
    public static bool Shows(V1Service service, string ip)
    {
        var ingress = Ingress(service);
        if (ingress.Count != 1)
        {
            return false;
        }

        var entry = ingress[0];
        return entry.Ip == ip && string.IsNullOrEmpty(entry.Hostname) && (entry.IpMode is null or "VIP") && (entry.Ports?.Count ?? 0) == 0;
    }

    /// <summary>A copy of the Service to write back with the given ingress (none: an empty load balancer status).</summary>
    public static V1Service WithIngress(V1Service service, IList<V1LoadBalancerIngress> ingress)
    {
        var copy = ModelCopies.Of(service);
        copy.Status ??= new V1ServiceStatus();
        copy.Status.LoadBalancer = new V1LoadBalancerStatus { Ingress = ingress.Count == 0 ? null : ingress };
        return copy;
    }
}
