using k8s;
using k8s.Models;
using KubeSharp.Simulator;
using KubeSharp.TestSupport;

namespace KubeSharp.Controllers.Tests.NodeIpam;

/// <summary>Simulated nodes registering with a real server each get their own /24 of the cluster CIDR.</summary>
public sealed class NodeIpamEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private ServerProcess _server = null!;
    private Kubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync();
        _client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.Kubeconfig));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Every_node_gets_a_distinct_slash_24_of_the_cluster_cidr()
    {
        await using var run = new SimulatorRun(_client, new SimulatorOptions
        {
            Nodes = 3,
            DeleteNodesOnExit = true,
            PodStartDelay = TimeSpan.Zero,
            HeartbeatInterval = TimeSpan.FromSeconds(1),
            MaxGrace = TimeSpan.FromSeconds(1),
        });
        await run.Simulator.Ready.WaitAsync(Patience);

        List<V1Node> nodes = [];
        await Wait.UntilAsync(
            async () =>
            {
                nodes = [.. (await _client.CoreV1.ListNodeAsync()).Items.Where(n => n.Metadata.Name.StartsWith("sim-node-", StringComparison.Ordinal))];
                return nodes.Count == 3 && nodes.All(n => !string.IsNullOrEmpty(n.Spec?.PodCIDR));
            },
            Patience,
            "every simulated node to get a podCIDR");

        var cidrs = nodes.Select(n => n.Spec.PodCIDR).ToList();
        Assert.All(cidrs, cidr => Assert.Matches(@"^10\.42\.\d{1,3}\.0/24$", cidr));
        Assert.Equal(3, cidrs.Distinct().Count());
        Assert.All(nodes, n => Assert.Equal(n.Spec.PodCIDR, Assert.Single(n.Spec.PodCIDRs)));

        var printed = await _server.Kubectl.OkAsync("get nodes -o jsonpath={.items[*].spec.podCIDR}");
        Assert.Equal(cidrs.Order(StringComparer.Ordinal), printed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }
}
