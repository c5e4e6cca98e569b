using k8s;
using k8s.Models;
using KubeSharp.Simulator;
using KubeSharp.TestSupport;

namespace KubeSharp.Scheduler.Tests.EndToEnd;

/// <summary>`kubesharp scheduler` as its own process against a server that runs none.</summary>
public sealed class SchedulerCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_standalone_scheduler_binds_pods_with_a_configured_profile()
    {
        await using var server = await ServerProcess.StartAsync("--disable-scheduler");
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.Kubeconfig));
        using var directory = new TempDirectory("scheduler-config");
        var config = directory.File("scheduler.yaml");
        await File.WriteAllTextAsync(config, """
            apiVersion: kubescheduler.config.k8s.io/v1
            kind: KubeSchedulerConfiguration
            leaderElection:
              leaderElect: false
            profiles:
            - schedulerName: bin-packing
              pluginConfig:
              - name: NodeResourcesFit
                args:
                  scoringStrategy:
                    type: MostAllocated
            """);
        await using var nodes = new SimulatorRun(client, new SimulatorOptions { Nodes = 3, NamePrefix = "alone-", DeleteNodesOnExit = true, PodStartDelay = TimeSpan.Zero });
        await nodes.Simulator.Ready.WaitAsync(Patience);
        using var scheduler = KubeSharpProcess.Start("scheduler", "--kubeconfig", server.Kubeconfig, "--config", config);
        await scheduler.WaitForOutputAsync("scheduler: scheduling with 1 profile(s)", Patience);

        // MostAllocated packs: every pod lands on the node the first one took (cpu and memory in
        // proportion, so BalancedAllocation scores all nodes alike).
        var hosts = new HashSet<string>();
        for (var i = 0; i < 3; i++)
        {
            await client.CoreV1.CreateNamespacedPodAsync(
                new V1Pod
                {
                    Metadata = new V1ObjectMeta { Name = $"packed-{i}" },
                    Spec = new V1PodSpec
                    {
                        SchedulerName = "bin-packing",
                        Containers = [new V1Container { Name = "c", Image = "busybox", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("8"), ["memory"] = new("64Gi") } } }],
                    },
                },
                "default");
            string? host = null;
            await Wait.UntilAsync(async () => (host = (await client.CoreV1.ReadNamespacedPodAsync($"packed-{i}", "default")).Spec.NodeName) is not null, Patience, $"packed-{i} to be bound");
            hosts.Add(host!);
        }

        Assert.Single(hosts);
        scheduler.Terminate();
        Assert.Equal(0, await scheduler.WaitForExitAsync(Patience));
    }

    [Fact]
    public async Task A_bad_configuration_is_refused_naming_the_field()
    {
        using var directory = new TempDirectory("scheduler-config");
        var config = directory.File("scheduler.yaml");
        await File.WriteAllTextAsync(config, "profiles:\n- schedulerName: x\n  plugins:\n    score:\n      enabled:\n      - name: NoSuchPlugin\n");
        var kubeconfig = directory.File("kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\n");
        using var scheduler = KubeSharpProcess.Start("scheduler", "--kubeconfig", kubeconfig, "--config", config);
        Assert.Equal(2, await scheduler.WaitForExitAsync(Patience));
        Assert.Contains("kubesharp: scheduler configuration: profile \"x\": no plugin named \"NoSuchPlugin\"", scheduler.Output, StringComparison.Ordinal);
    }
}
