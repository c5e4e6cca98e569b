namespace KubeSharp.Kubelet.Network;

/// <summary>The node's share of the cluster network: its bridge, its pod /24, and the cluster-wide ranges.</summary>
internal sealed record NodeNetworkOptions
{
    public required string BridgeName { get; init; }

    /// <summary>This node's pod CIDR (spec.podCIDR), e.g. 10.42.1.0/24.</summary>
    public required string PodCidr { get; init; }

    public string ClusterCidr { get; init; } = "10.42.0.0/16";

    public string ServiceCidr { get; init; } = "10.43.0.0/16";
}
