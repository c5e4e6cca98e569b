namespace KubeSharp.Kubelet.Network;

/// <summary>Kubelet's DNS settings for pods (<c>--cluster-dns</c>, <c>--cluster-domain</c>, <c>--resolv-conf</c>).</summary>
internal sealed record PodDnsOptions
{
    /// <summary>The cluster DNS servers; when empty, ClusterFirst pods fall back to the node's DNS as upstream.</summary>
    public IReadOnlyList<string> ClusterDns { get; init; } = ["10.43.0.10"];

    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary>The node's resolv.conf, base of Default pods and source of host search domains; empty means none (pods get 127.0.0.1).</summary>
    public string HostResolvConf { get; init; } = "/etc/resolv.conf";
}
