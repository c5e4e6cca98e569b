using KubeSharp.TestSupport;

namespace KubeSharp.Simulator.Tests;

/// <summary>`kubesharp sim` as a user runs it: flags, SIGTERM, and --delete.</summary>
public sealed class SimCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sim_registers_nodes_until_stopped_and_delete_removes_them()
    {
        await using var server = await ServerProcess.StartAsync();
        var kubectl = server.Kubectl;
        string[] common = ["sim", "--kubeconfig", server.Kubeconfig, "--nodes", "2", "--name-prefix", "cli-"];

        using (var sim = KubeSharpProcess.Start([.. common, "--zones", "1", "--labels", "team=a", "--taints", "dedicated=sim:NoSchedule", "--heartbeat-interval", "1s", "--pod-start-delay", "0"]))
        {
            await sim.WaitForOutputAsync("simulated 2 nodes registered", Patience);
            // The node lifecycle controller lifts the not-ready taint every new node starts with shortly after.
            const string Expected = "cli-0=zone-a/a/dedicated cli-1=zone-a/a/dedicated ";
            var nodes = string.Empty;
            await Wait.UntilAsync(
                async () => (nodes = await kubectl.OkAsync(
                    "get nodes -l team=a -o jsonpath='{range .items[*]}{.metadata.name}={.metadata.labels.topology\\.kubernetes\\.io/zone}/{.metadata.labels.team}/{.spec.taints[*].key} {end}'")) == Expected,
                Patience,
                $"nodes {Expected}, last seen {nodes}");

            sim.Terminate();

            Assert.Equal(0, await sim.WaitForExitAsync(Patience));
        }

        // Without --delete-nodes-on-exit the nodes stay, until --delete.
        Assert.Equal(0, (await kubectl.RunAsync("get node cli-0 cli-1")).ExitCode);
        using (var delete = KubeSharpProcess.Start([.. common, "--delete"]))
        {
            Assert.Equal(0, await delete.WaitForExitAsync(Patience));
        }

        Assert.DoesNotContain("cli-", await kubectl.OkAsync("get nodes -o name"), StringComparison.Ordinal);
        Assert.DoesNotContain("cli-", await kubectl.OkAsync("get leases -n kube-node-lease -o name"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sim", "--nodes", "0")]
    [InlineData("sim", "--nodes", "many")]
    [InlineData("sim", "--taints", "dedicated=gpu:Sometimes")]
    [InlineData("sim", "--pod-start-delay", "soon")]
    [InlineData("sim", "--no-such-flag")]
    public async Task Bad_sim_command_lines_exit_2_with_the_usage(params string[] arguments)
    {
        using var process = KubeSharpProcess.Start(arguments);

        Assert.Equal(2, await process.WaitForExitAsync(Patience));
        Assert.Contains("kubesharp sim [flags]", process.Output, StringComparison.Ordinal);
    }
}
