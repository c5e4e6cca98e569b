namespace KubeSharp.Controllers;

/// <summary>The controller manager's settings, with upstream's defaults (kube-controller-manager flags).</summary>
public sealed record ControllerOptions
{
    /// <summary>--cluster-cidr: the pod range nodes get their podCIDR from.</summary>
    public string ClusterCidr { get; init; } = "10.42.0.0/16";

    /// <summary>--node-cidr-mask-size: the prefix length of each node's podCIDR.</summary>
    public int NodeCidrMaskSize { get; init; } = 24;

    /// <summary>--node-monitor-grace-period: how long a node may go without a heartbeat before it is Unknown.</summary>
    public TimeSpan NodeMonitorGracePeriod { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>--node-monitor-period: how often node health is checked.</summary>
    public TimeSpan NodeMonitorPeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>--node-eviction-rate: unhealthy nodes per second whose pods are evicted (tainted NoExecute).</summary>
    public double NodeEvictionRate { get; init; } = 0.1;

    /// <summary>--terminated-pod-gc-threshold: terminated pods kept before the oldest are deleted.</summary>
    public int TerminatedPodGcThreshold { get; init; } = 12500;

    /// <summary>--lb-pool: the addresses LoadBalancer Services get theirs from (comma-separated IPv4 CIDRs, ranges A-B, single addresses); null or empty for none.</summary>
    public string? LoadBalancerPool { get; init; }

    /// <summary>--concurrent-*-syncs: workers per controller.</summary>
    public int Workers { get; init; } = 5;
}
