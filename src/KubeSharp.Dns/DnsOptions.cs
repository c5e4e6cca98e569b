using System.Net;
using KubeSharp.Dns.Records;
using KubeSharp.Dns.Wire;

namespace KubeSharp.Dns;

/// <summary>
/// The cluster DNS server's settings (CoreDNS's kubernetes plugin with "pods insecure" and "ttl";
/// forward for the rest when <see cref="Upstreams"/> are given).
/// </summary>
public sealed record DnsOptions
{
    /// <summary>The highest TTL CoreDNS's kubernetes plugin accepts.</summary>
    private static readonly TimeSpan MaxTtl = TimeSpan.FromHours(1);

    /// <summary>The zone served: the cluster domain (--cluster-domain).</summary>
    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary>Where to serve, over UDP and TCP on the same port; port 0 picks one (see <see cref="ClusterDns.BoundEndpoints"/>).</summary>
    public required IReadOnlyList<IPEndPoint> Listen { get; init; }

    /// <summary>The TTL of every record (whole seconds); also the SOA minimum, which negative answers are cached for.</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Name servers for names outside the cluster zone (UDP); none: such queries are REFUSED.</summary>
    public IReadOnlyList<IPEndPoint> Upstreams { get; init; } = [];

    /// <summary>The kube-dns Service's cluster IP, the address of the apex NS record's name (ns.dns.&lt;zone&gt;).</summary>
    public string? DnsServiceIp { get; init; }

    /// <summary>The zone as keys are written: lower case, without a trailing dot.</summary>
    internal string Zone => ClusterDomain.TrimEnd('.').ToLowerInvariant();

    internal uint TtlSeconds => (uint)Ttl.TotalSeconds;

    public void Validate()
    {
        var zone = (ClusterDomain ?? string.Empty).TrimEnd('.');
        if (zone.Length == 0 || DnsName.TryEncode(zone) is null)
        {
            throw new ArgumentException($"cluster DNS: the cluster domain \"{ClusterDomain}\" is not a valid domain name");
        }

        if (DnsName.IsAtOrUnder(zone.ToLowerInvariant(), Addresses.ReverseV4Zone) || DnsName.IsAtOrUnder(zone.ToLowerInvariant(), Addresses.ReverseV6Zone) || zone.Equals("arpa", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"cluster DNS: the cluster domain \"{ClusterDomain}\" may not be a reverse zone");
        }

        if (Listen is not { Count: > 0 })
        {
            throw new ArgumentException("cluster DNS: at least one listen address is needed");
        }

        if (Ttl < TimeSpan.Zero || Ttl > MaxTtl)
        {
            throw new ArgumentException($"cluster DNS: the TTL must be between 0 and {MaxTtl.TotalSeconds} seconds, not {Ttl.TotalSeconds}");
        }

        foreach (var upstream in Upstreams ?? [])
        {
            if (upstream.Port == 0)
            {
                throw new ArgumentException($"cluster DNS: the upstream {upstream} needs a port");
            }
        }

        if (DnsServiceIp is not null && !IPAddress.TryParse(DnsServiceIp, out _))
        {
            throw new ArgumentException($"cluster DNS: the DNS Service IP \"{DnsServiceIp}\" is not an IP address");
        }
    }
}
