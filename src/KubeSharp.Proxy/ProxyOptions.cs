using KubeSharp.Api.Networking;
using KubeSharp.Proxy.Http;
using KubeSharp.Proxy.Nftables;

namespace KubeSharp.Proxy;

/// <summary>How kube-proxy runs on one node (the flags of upstream's nftables mode that apply here).</summary>
public sealed record ProxyOptions
{
    /// <summary>This node: endpoints on it are local (externalTrafficPolicy and internalTrafficPolicy Local).</summary>
    public required string NodeName { get; init; }

    /// <summary>The pods' addresses: traffic from them counts as internal (upstream's cluster-CIDR local traffic detector).</summary>
    public string ClusterCidr { get; init; } = "10.42.0.0/16";

    /// <summary>The one nftables table (family ip) this proxy owns and replaces.</summary>
    public string TableName { get; init; } = "kubesharp";

    /// <summary>The rules are synced at least this often, even without a change.</summary>
    public TimeSpan SyncPeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Syncs are at least this far apart, so a burst of changes is one sync.</summary>
    public TimeSpan MinSyncPeriod { get; init; } = TimeSpan.FromMilliseconds(100);

    public LoadBalancingMode Mode { get; init; } = LoadBalancingMode.RoundRobin;

    /// <summary>Where /healthz and /livez are served, as IP:port; null: not served.</summary>
    public string? HealthzBindAddress { get; init; } = "0.0.0.0:10256";

    /// <summary>Where /metrics is served, as IP:port; null: not served.</summary>
    public string? MetricsBindAddress { get; init; } = "127.0.0.1:10249";

    /// <summary>The interface that holds the LoadBalancer ingress IPs as /32 addresses; null: none are added.</summary>
    public string? LoadBalancerInterface { get; init; }

    public string NftPath { get; init; } = "nft";

    public string IpPath { get; init; } = "ip";

    /// <exception cref="ArgumentException">A setting is out of range; the message says which and why.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(NodeName))
        {
            throw new ArgumentException("the node name is empty", nameof(NodeName));
        }

        if (!Ipv4Cidr.TryParse(ClusterCidr, out _))
        {
            throw new ArgumentException($"the cluster CIDR '{ClusterCidr}' is not an IPv4 range such as 10.42.0.0/16", nameof(ClusterCidr));
        }

        if (!NftNames.IsIdentifier(TableName))
        {
            throw new ArgumentException(
                $"the table name '{TableName}' is not an nftables name (a letter, then letters, digits, '-' or '_', at most {NftNames.MaxTableNameLength} characters)",
                nameof(TableName));
        }

        if (SyncPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentException($"the sync period must be positive, not {SyncPeriod}", nameof(SyncPeriod));
        }

        if (MinSyncPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentException($"the minimum sync period must be positive, not {MinSyncPeriod}", nameof(MinSyncPeriod));
        }

        if (MinSyncPeriod > SyncPeriod)
        {
            throw new ArgumentException($"the minimum sync period ({MinSyncPeriod}) is longer than the sync period ({SyncPeriod})", nameof(MinSyncPeriod));
        }

        CheckBindAddress(HealthzBindAddress, nameof(HealthzBindAddress));
        CheckBindAddress(MetricsBindAddress, nameof(MetricsBindAddress));
        if (LoadBalancerInterface is { } name && (name.Length is 0 or > 15 || name.Any(c => char.IsWhiteSpace(c) || c == '/')))
        {
            throw new ArgumentException($"'{name}' is not an interface name (1 to 15 characters, no '/' or spaces)", nameof(LoadBalancerInterface));
        }

        if (string.IsNullOrWhiteSpace(NftPath))
        {
            throw new ArgumentException("the nft command is empty", nameof(NftPath));
        }

        if (string.IsNullOrWhiteSpace(IpPath))
        {
            throw new ArgumentException("the ip command is empty", nameof(IpPath));
        }
    }

    private static void CheckBindAddress(string? address, string name)
    {
        if (address is not null && !BindAddress.TryParse(address, out _))
        {
            throw new ArgumentException($"the bind address '{address}' is not IP:port (such as 0.0.0.0:10256)", name);
        }
    }
}
