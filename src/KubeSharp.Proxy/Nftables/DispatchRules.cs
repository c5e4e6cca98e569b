using System.Globalization;
using KubeSharp.Proxy.Endpoints;

namespace KubeSharp.Proxy.Nftables;

/// <summary>
/// The rules that pick an endpoint, written into the chain itself rather than as upstream's
/// chain per endpoint and inline numgen vmap, which make the kernel's per-batch table validation
/// and set lookups grow with every Service. For endpoints E0..En-1, rule i (but the last) is
/// <c>numgen inc mod n-i 0 … dnat to Ei</c> and the last takes what is left: each numgen keeps its
/// own counter, so this is exact round robin (or, with <c>numgen random</c>, uniform).
/// With ClientIP affinity a client already in an endpoint's set goes straight to it, and every
/// choice refreshes the client's entry in the chosen endpoint's set.
/// </summary>
internal static class DispatchRules
{
    public static void Write(List<string> rules, IReadOnlyList<EndpointInfo> endpoints, string protocol, LoadBalancingMode mode, string? affinityPrefix)
    {
        if (affinityPrefix is not null)
        {
            foreach (var endpoint in endpoints)
            {
                var set = AffinitySetName(affinityPrefix, endpoint);
                rules.Add($"ip saddr @{set} update @{set} {{ ip saddr }} meta l4proto {protocol} dnat to {endpoint.Address}");
            }
        }

        var numgen = mode == LoadBalancingMode.Random ? "numgen random mod " : "numgen inc mod ";
        for (var i = 0; i < endpoints.Count; i++)
        {
            var endpoint = endpoints[i];
            var pick = i < endpoints.Count - 1 ? string.Create(CultureInfo.InvariantCulture, $"{numgen}{endpoints.Count - i} 0 ") : string.Empty;
            var update = affinityPrefix is null ? string.Empty : $"update @{AffinitySetName(affinityPrefix, endpoint)} {{ ip saddr }} ";
            rules.Add($"{pick}{update}meta l4proto {protocol} dnat to {endpoint.Address}");
        }
    }

    /// <summary>The affinity set of one endpoint: named after it, so other endpoints' clients keep their place when it comes or goes.</summary>
    public static string AffinitySetName(string prefix, EndpointInfo endpoint) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}{endpoint.Ip}-{endpoint.Port}");
}
