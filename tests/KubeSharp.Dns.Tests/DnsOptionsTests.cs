using System.Net;

namespace KubeSharp.Dns.Tests;

public sealed class DnsOptionsTests
{
    private static readonly DnsOptions Valid = new() { Listen = [new IPEndPoint(IPAddress.Loopback, 0)] };

    [Fact]
    public void The_defaults_are_those_of_a_k3s_cluster_and_valid()
    {
        Valid.Validate();

        Assert.Equal("cluster.local", Valid.ClusterDomain);
        Assert.Equal(TimeSpan.FromSeconds(5), Valid.Ttl);
        Assert.Empty(Valid.Upstreams);
        Assert.Null(Valid.DnsServiceIp);
    }

    [Fact]
    public void Invalid_settings_are_rejected_with_a_message_naming_them()
    {
        AssertInvalid(Valid with { ClusterDomain = "" }, "cluster domain");
        AssertInvalid(Valid with { ClusterDomain = "a..b" }, "cluster domain");
        AssertInvalid(Valid with { ClusterDomain = new string('a', 64) + ".local" }, "cluster domain");
        AssertInvalid(Valid with { ClusterDomain = "in-addr.arpa" }, "reverse zone");
        AssertInvalid(Valid with { Listen = [] }, "listen");
        AssertInvalid(Valid with { Ttl = TimeSpan.FromSeconds(-1) }, "TTL");
        AssertInvalid(Valid with { Ttl = TimeSpan.FromHours(2) }, "TTL");
        AssertInvalid(Valid with { Upstreams = [new IPEndPoint(IPAddress.Loopback, 0)] }, "upstream");
        AssertInvalid(Valid with { DnsServiceIp = "10.43.0.x" }, "DNS Service IP");
    }

    private static void AssertInvalid(DnsOptions options, string words)
    {
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
    }
}
