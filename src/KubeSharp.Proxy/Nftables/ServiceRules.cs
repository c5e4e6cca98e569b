using KubeSharp.Proxy.Health;

namespace KubeSharp.Proxy.Nftables;

/// <summary>
/// Everything one Service puts into the table: its ports' chains, map elements and affinity sets,
/// the endpoint IPs it needs in the hairpin set, and what the node serves for it besides nftables
/// (load balancer IPs, a health check node port). Kept as applied, so a change can be diffed.
/// </summary>
internal sealed class ServiceRules
{
    public List<NftChain> Chains { get; } = [];

    public List<NftElement> Elements { get; } = [];

    public List<AffinitySet> AffinitySets { get; } = [];

    /// <summary>Every endpoint IP this node may send the Service's traffic to, once each.</summary>
    public List<string> HairpinIps { get; } = [];

    public List<string> LoadBalancerIps { get; } = [];

    /// <summary>Set with the Service's health check node port, when it has one.</summary>
    public (int Port, HealthCheckTarget Target)? HealthCheck { get; set; }

    public int PortCount { get; set; }
}
