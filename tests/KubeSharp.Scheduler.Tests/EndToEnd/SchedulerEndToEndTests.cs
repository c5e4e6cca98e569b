using System.Globalization;
using k8s;
using k8s.Models;
using KubeSharp.Simulator;
using KubeSharp.TestSupport;

namespace KubeSharp.Scheduler.Tests.EndToEnd;

/// <summary>
/// The scheduler inside a real `kubesharp server`, placing pods on simulated nodes; checked with the
/// C# client and kubectl. Each test makes its own nodes (removed when it ends) and namespace.
/// Messages end in ".." after a preemption message, as upstream's do: the preemption message is
/// itself a fit error ending in ".", and the scheduler appends " %v." to it.
/// </summary>
public sealed class SchedulerEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private ServerProcess _server = null!;
    private Kubernetes _client = null!;
    private string _namespace = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync();
        _client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.Kubeconfig));
        _namespace = $"sched-{Guid.NewGuid():N}"[..14];
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = _namespace } });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task An_unschedulable_pod_says_why_and_is_scheduled_when_a_fitting_node_is_added()
    {
        await using var small = await StartNodesAsync(new SimulatorOptions { Nodes = 2, NamePrefix = "small-", Cpu = "1" });
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("big", cpu: "2"), _namespace);

        var message = await UnschedulableMessageAsync("big");
        Assert.Equal(
            "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..",
            message);
        var events = await _server.Kubectl.OkAsync($"get events -n {_namespace} --field-selector involvedObject.name=big,reason=FailedScheduling -o jsonpath={{.items[*].message}}");
        Assert.Contains("0/2 nodes are available: 2 Insufficient cpu.", events, StringComparison.Ordinal);

        await using var large = await StartNodesAsync(new SimulatorOptions { Nodes = 1, NamePrefix = "large-", Cpu = "4" });
        var pod = await RunningAsync("big");
        Assert.Equal("large-0", pod.Spec.NodeName);
        Assert.Contains(pod.Status.Conditions, c => c.Type == "PodScheduled" && c.Status == "True");
        var scheduled = await _server.Kubectl.OkAsync($"get events -n {_namespace} --field-selector involvedObject.name=big,reason=Scheduled -o jsonpath={{.items[*].message}}");
        Assert.Equal($"Successfully assigned {_namespace}/big to large-0", scheduled);
    }

    [Fact]
    public async Task Taints_tolerations_and_node_affinity_choose_the_nodes()
    {
        await using var gpu = await StartNodesAsync(new SimulatorOptions
        {
            Nodes = 3,
            NamePrefix = "gpu-",
            Labels = new Dictionary<string, string> { ["pool"] = "gpu" },
            Taints = [new V1Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }],
        });
        await using var general = await StartNodesAsync(new SimulatorOptions { Nodes = 2, NamePrefix = "general-" });

        var plain = Pod("plain");
        var tolerating = Pod("tolerating");
        tolerating.Spec.Tolerations = [new V1Toleration { Key = "dedicated", OperatorProperty = "Equal", Value = "gpu", Effect = "NoSchedule" }];
        tolerating.Spec.NodeSelector = new Dictionary<string, string> { ["pool"] = "gpu" };
        var intolerant = Pod("intolerant");
        intolerant.Spec.NodeSelector = new Dictionary<string, string> { ["pool"] = "gpu" };
        foreach (var pod in new[] { plain, tolerating, intolerant })
        {
            await _client.CoreV1.CreateNamespacedPodAsync(pod, _namespace);
        }

        Assert.StartsWith("general-", (await RunningAsync("plain")).Spec.NodeName, StringComparison.Ordinal);
        Assert.StartsWith("gpu-", (await RunningAsync("tolerating")).Spec.NodeName, StringComparison.Ordinal);
        Assert.Equal(
            "0/5 nodes are available: 2 node(s) didn't match Pod's node affinity/selector, 3 node(s) had untolerated taint {dedicated: gpu}. "
            + "preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling..",
            await UnschedulableMessageAsync("intolerant"));
    }

    [Fact]
    public async Task Anti_affinity_and_topology_spread_place_pods_over_three_zones()
    {
        await using var nodes = await StartNodesAsync(new SimulatorOptions { Nodes = 6, NamePrefix = "zoned-", Zones = 3 });
        for (var i = 0; i < 6; i++)
        {
            var pod = Pod($"spread-{i}", labels: new Dictionary<string, string> { ["app"] = "spread" });
            pod.Spec.TopologySpreadConstraints =
            [
                new V1TopologySpreadConstraint
                {
                    MaxSkew = 1,
                    TopologyKey = "topology.kubernetes.io/zone",
                    WhenUnsatisfiable = "DoNotSchedule",
                    LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "spread" } },
                },
            ];
            await _client.CoreV1.CreateNamespacedPodAsync(pod, _namespace);
        }

        var zones = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var node = await _client.CoreV1.ReadNodeAsync((await RunningAsync($"spread-{i}")).Spec.NodeName);
            zones.Add(node.Metadata.Labels["topology.kubernetes.io/zone"]);
        }

        Assert.Equal([("zone-a", 2), ("zone-b", 2), ("zone-c", 2)], zones.GroupBy(z => z).Select(g => (g.Key, g.Count())).Order());

        for (var i = 0; i < 7; i++)
        {
            var pod = Pod($"web-{i}", labels: new Dictionary<string, string> { ["app"] = "web" });
            pod.Spec.Affinity = new V1Affinity
            {
                PodAntiAffinity = new V1PodAntiAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution =
                    [
                        new V1PodAffinityTerm
                        {
                            TopologyKey = "kubernetes.io/hostname",
                            LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                        },
                    ],
                },
            };
            await _client.CoreV1.CreateNamespacedPodAsync(pod, _namespace);
        }

        var hosts = new HashSet<string>();
        string? unschedulable = null;
        for (var i = 0; i < 7; i++)
        {
            await Wait.UntilAsync(
                async () =>
                {
                    var pod = await _client.CoreV1.ReadNamespacedPodAsync($"web-{i}", _namespace);
                    return pod.Spec.NodeName is not null || pod.Status?.Conditions?.Any(c => c.Type == "PodScheduled" && c.Reason == "Unschedulable") == true;
                },
                Patience,
                $"web-{i} to be scheduled or found unschedulable");
            var placed = await _client.CoreV1.ReadNamespacedPodAsync($"web-{i}", _namespace);
            if (placed.Spec.NodeName is { } host)
            {
                Assert.True(hosts.Add(host), $"two web pods on {host}");
            }
            else
            {
                unschedulable = placed.Status.Conditions.First(c => c.Type == "PodScheduled").Message;
            }
        }

        Assert.Equal(6, hosts.Count);
        Assert.Equal(
            "0/6 nodes are available: 6 node(s) didn't match pod anti-affinity rules. preemption: 0/6 nodes are available: 6 No preemption victims found for incoming pod..",
            unschedulable);
    }

    [Fact]
    public async Task A_high_priority_pod_preempts_lower_priority_pods()
    {
        await using var nodes = await StartNodesAsync(new SimulatorOptions { Nodes = 1, NamePrefix = "busy-", Cpu = "2", MaxGrace = TimeSpan.FromSeconds(1) });
        var low = $"low-{_namespace}";
        var high = $"high-{_namespace}";
        await _client.SchedulingV1.CreatePriorityClassAsync(new V1PriorityClass { Metadata = new V1ObjectMeta { Name = low }, Value = 10 });
        await _client.SchedulingV1.CreatePriorityClassAsync(new V1PriorityClass { Metadata = new V1ObjectMeta { Name = high }, Value = 1000 });
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var pod = Pod($"low-{i}", cpu: "1");
                pod.Spec.PriorityClassName = low;
                await _client.CoreV1.CreateNamespacedPodAsync(pod, _namespace);
                await RunningAsync($"low-{i}");
            }

            var important = Pod("important", cpu: "2");
            important.Spec.PriorityClassName = high;
            var created = await _client.CoreV1.CreateNamespacedPodAsync(important, _namespace);
            Assert.Equal(1000, created.Spec.Priority);

            var running = await RunningAsync("important");
            Assert.Equal("busy-0", running.Spec.NodeName);
            Assert.Empty((await _client.CoreV1.ListNamespacedPodAsync(_namespace, labelSelector: "tier=low")).Items);
        }
        finally
        {
            await _client.SchedulingV1.DeletePriorityClassAsync(low);
            await _client.SchedulingV1.DeletePriorityClassAsync(high);
        }
    }

    [Fact]
    public async Task Only_the_scheduler_holding_the_lease_schedules()
    {
        var lease = await WaitForAsync(async () =>
        {
            try
            {
                return await _client.CoordinationV1.ReadNamespacedLeaseAsync("kube-scheduler", "kube-system");
            }
            catch (k8s.Autorest.HttpOperationException)
            {
                return null;
            }
        });
        Assert.False(string.IsNullOrEmpty(lease.Spec.HolderIdentity));

        // A second scheduler campaigns but must not start while the server's holds the lease.
        var standby = new KubeScheduler(_client, new SchedulerOptions { Identity = "standby" }, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        using var stop = new CancellationTokenSource();
        var run = standby.RunAsync(stop.Token);
        var renewals = 0;
        var lastRenew = lease.Spec.RenewTime;
        await Wait.UntilAsync(
            async () =>
            {
                var current = await _client.CoordinationV1.ReadNamespacedLeaseAsync("kube-scheduler", "kube-system");
                if (current.Spec.RenewTime != lastRenew)
                {
                    renewals++;
                    lastRenew = current.Spec.RenewTime;
                }

                Assert.Equal(lease.Spec.HolderIdentity, current.Spec.HolderIdentity);
                return renewals >= 2;
            },
            Patience,
            "the leader to renew its lease twice");
        Assert.False(standby.Started.IsCompleted);
        await stop.CancelAsync();
        await run;
    }

    private async Task<SimulatorRun> StartNodesAsync(SimulatorOptions options)
    {
        var run = new SimulatorRun(_client, options with { DeleteNodesOnExit = true, PodStartDelay = TimeSpan.Zero, HeartbeatInterval = TimeSpan.FromSeconds(5) });
        await run.ReadyForPodsAsync(_client, Patience);
        return run;
    }

    private async Task<V1Pod> RunningAsync(string name) => await WaitForAsync(async () =>
    {
        var pod = await _client.CoreV1.ReadNamespacedPodAsync(name, _namespace);
        return pod.Status?.Phase == "Running" ? pod : null;
    });

    private async Task<string> UnschedulableMessageAsync(string name) => await WaitForAsync(async () =>
    {
        var pod = await _client.CoreV1.ReadNamespacedPodAsync(name, _namespace);
        return pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "False" && c.Reason == "Unschedulable")?.Message;
    });

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        T? found = null;
        await Wait.UntilAsync(async () => (found = await probe()) is not null, Patience, $"a {typeof(T).Name}");
        return found!;
    }

    private static V1Pod Pod(string name, string cpu = "100m", IDictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = labels ?? new Dictionary<string, string> { ["tier"] = name.StartsWith("low", StringComparison.Ordinal) ? "low" : name.ToString(CultureInfo.InvariantCulture) },
        },
        Spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container
                {
                    Name = "c",
                    Image = "busybox",
                    Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new("64Mi") } },
                },
            ],
        },
    };
}
