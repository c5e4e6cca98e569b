using k8s.Models;
using KubeSharp.Client.Informers;

namespace KubeSharp.Controllers.ServiceLb;

/// <summary>
/// Rebuilds the allocation table from the Services' statuses before anything is allocated, so a
/// restarted controller hands no address out twice and every Service keeps the one it shows.
/// Where two Services show the same address (after a restore, say) the older keeps it; the other
/// is given a new one when it is synced.
/// </summary>
internal static class StartupClaims
{
    /// <summary>Returns who lost an address it shows to an older Service.</summary>
    public static List<(string Key, string Ip)> Apply(IpAllocator allocator, IEnumerable<V1Service> services)
    {
        var conflicts = new List<(string Key, string Ip)>();
        foreach (var service in services.Where(LoadBalancerServices.Handles).Order(LoadBalancerServices.OlderFirst))
        {
            var key = ObjectKeys.Of(service);
            foreach (var ip in LoadBalancerStatuses.IngressIps(service))
            {
                if (!LoadBalancerPool.TryParseAddress(ip, out var address) || !allocator.Pool.Contains(address))
                {
                    continue;
                }

                if (allocator.Claim(key, address))
                {
                    break;
                }

                conflicts.Add((key, ip));
            }
        }

        return conflicts;
    }
}
