namespace KubeSharp.Proxy.Tests;

public sealed class ProxyOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        var options = new ProxyOptions { NodeName = "node-a" };

        options.Validate();

        Assert.Equal("kubesharp", options.TableName);
        Assert.Equal("0.0.0.0:10256", options.HealthzBindAddress);
        Assert.Equal("127.0.0.1:10249", options.MetricsBindAddress);
        Assert.Equal(LoadBalancingMode.RoundRobin, options.Mode);
    }

    [Fact]
    public void Bind_addresses_may_be_ipv6_or_left_out()
    {
        var options = new ProxyOptions { NodeName = "node-a", MetricsBindAddress = "[::1]:10249", HealthzBindAddress = null };

        options.Validate();

        Assert.Null(options.HealthzBindAddress);
    }

    [Theory]
    [InlineData("NodeName", "empty node name")]
    [InlineData("ClusterCidr", "no prefix")]
    [InlineData("ClusterCidr", "ipv6")]
    [InlineData("TableName", "space")]
    [InlineData("SyncPeriod", "zero")]
    [InlineData("MinSyncPeriod", "negative")]
    [InlineData("MinSyncPeriod", "longer than the sync period")]
    [InlineData("HealthzBindAddress", "no port")]
    [InlineData("MetricsBindAddress", "host name")]
    [InlineData("LoadBalancerInterface", "slash")]
    public void Invalid_settings_are_refused_with_their_name(string setting, string problem)
    {
        var valid = new ProxyOptions { NodeName = "node-a" };
        var options = (setting, problem) switch
        {
            ("NodeName", _) => valid with { NodeName = " " },
            ("ClusterCidr", "no prefix") => valid with { ClusterCidr = "10.42.0.0" },
            ("ClusterCidr", _) => valid with { ClusterCidr = "fd00::/64" },
            ("TableName", _) => valid with { TableName = "kube proxy" },
            ("SyncPeriod", _) => valid with { SyncPeriod = TimeSpan.Zero },
            ("MinSyncPeriod", "negative") => valid with { MinSyncPeriod = TimeSpan.FromSeconds(-1) },
            ("MinSyncPeriod", _) => valid with { MinSyncPeriod = TimeSpan.FromMinutes(1) },
            ("HealthzBindAddress", _) => valid with { HealthzBindAddress = "0.0.0.0" },
            ("MetricsBindAddress", _) => valid with { MetricsBindAddress = "localhost:10249" },
            _ => valid with { LoadBalancerInterface = "a/b" },
        };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(setting, error.ParamName);
    }
}
