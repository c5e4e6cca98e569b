using KubeSharp.CommandLine;
using KubeSharp.Commands;
using KubeSharp.Proxy;

namespace KubeSharp.Tests.Commands;

public sealed class ProxyCommandTests
{
    private static readonly HashSet<string> ValueFlags =
        ["node-name", "cluster-cidr", "sync-period", "min-sync-period", "load-balancing", "healthz-bind-address", "metrics-bind-address", "load-balancer-interface"];

    [Fact]
    public void The_flags_become_kube_proxys_options()
    {
        var options = Read("--node-name", "n1", "--sync-period", "1m", "--min-sync-period", "250ms", "--load-balancing", "random", "--metrics-bind-address", "", "--load-balancer-interface", "br0");

        Assert.Equal("n1", options.NodeName);
        Assert.Equal(TimeSpan.FromMinutes(1), options.SyncPeriod);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.MinSyncPeriod);
        Assert.Equal(LoadBalancingMode.Random, options.Mode);
        Assert.Equal("0.0.0.0:10256", options.HealthzBindAddress);
        Assert.Null(options.MetricsBindAddress);
        Assert.Equal("br0", options.LoadBalancerInterface);
    }

    [Theory]
    [InlineData("--load-balancing", "least-conn", "neither round-robin nor random")]
    [InlineData("--cluster-cidr", "10.42.0.0", "not an IPv4 range")]
    [InlineData("--min-sync-period", "1h", "longer than the sync period")]
    public void Bad_values_are_refused_with_a_reason(string flag, string value, string reason)
    {
        var error = Assert.Throws<UsageException>(() => Read("--node-name", "n1", flag, value));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    private static ProxyOptions Read(params string[] args) => ProxyCommand.Read(Flags.Parse(args, ValueFlags, new HashSet<string>()));
}
