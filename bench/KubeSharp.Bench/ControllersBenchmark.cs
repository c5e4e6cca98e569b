using System.Diagnostics;
using k8s;
using k8s.Models;
using KubeSharp.Simulator;
using KubeSharp.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Bench;

/// <summary>
/// ./bench.sh controllers: a fresh `kubesharp server` (SQLite, all controllers and the scheduler)
/// with 100 simulated nodes in this process for each figure: 100 Deployments of 30 replicas from
/// create to all available; an image change of a 1,000-replica Deployment (maxSurge 25%) to
/// complete; and from a node's last heartbeat to all its pods running elsewhere.
/// </summary>
internal static class ControllersBenchmark
{
    private const int Nodes = 100;
    private const string Namespace = "bench";

    public static async Task RunAsync(string[] args)
    {
        Figures.Print("deploy_100x30_ready_s", await DeployAsync(), "s");
        Figures.Print("rollout_1000_pods_s", await RolloutAsync(), "s");
        Figures.Print("node_failure_reschedule_s", await NodeFailureAsync(), "s");
    }

    private static async Task<double> DeployAsync()
    {
        await using var cluster = await Cluster.StartAsync([]);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment($"web-{i}", 30), Namespace)));
        await cluster.UntilAsync(async () =>
            (await cluster.Client.AppsV1.ListNamespacedDeploymentAsync(Namespace)).Items.Count(d => d.Status?.AvailableReplicas == 30) == 100);
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task<double> RolloutAsync()
    {
        await using var cluster = await Cluster.StartAsync([]);
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("big", 1000), Namespace);
        await cluster.UntilAsync(async () => Complete(await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("big", Namespace), 1000));
        var started = Stopwatch.GetTimestamp();
        await cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"registry.k8s.io/pause:3.10-new"}]}}}}""", V1Patch.PatchType.StrategicMergePatch),
            "big",
            Namespace);
        await cluster.UntilAsync(async () => Complete(await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("big", Namespace), 1000));
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>tolerationSeconds 0 on the unreachable and not-ready taints, and a 10 s node monitor grace period.</summary>
    private static async Task<double> NodeFailureAsync()
    {
        await using var cluster = await Cluster.StartAsync(["--node-monitor-grace-period", "10s"]);
        var deployment = Deployment("ha", 300);
        deployment.Spec.Template.Spec.Tolerations =
        [
            new V1Toleration { Key = "node.kubernetes.io/unreachable", OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = 0 },
            new V1Toleration { Key = "node.kubernetes.io/not-ready", OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = 0 },
        ];
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(deployment, Namespace);
        await cluster.UntilAsync(async () => Complete(await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("ha", Namespace), 300));

        var victim = (await cluster.Client.CoreV1.ListNamespacedPodAsync(Namespace)).Items.First(pod => pod.Spec.NodeName is not null).Spec.NodeName;
        cluster.Simulator.StopHeartbeat(victim);
        var lastHeartbeat = (await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync(victim, "kube-node-lease")).Spec.RenewTime!.Value;
        await cluster.UntilAsync(async () =>
        {
            var pods = (await cluster.Client.CoreV1.ListNamespacedPodAsync(Namespace)).Items;
            return pods.Count(pod => pod.Spec.NodeName != victim && pod.Metadata.DeletionTimestamp is null && pod.Status?.Phase == "Running") >= 300;
        });
        return (DateTime.UtcNow - lastHeartbeat.ToUniversalTime()).TotalSeconds;
    }

    private static bool Complete(V1Deployment deployment, int replicas) =>
        deployment.Status?.ObservedGeneration >= deployment.Metadata.Generation
        && deployment.Status?.UpdatedReplicas == replicas
        && deployment.Status?.AvailableReplicas == replicas
        && deployment.Status?.Replicas == replicas;

    private static V1Deployment Deployment(string name, int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Strategy = new V1DeploymentStrategy
            {
                Type = "RollingUpdate",
                RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = "25%", MaxUnavailable = "25%" },
            },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec
                {
                    TerminationGracePeriodSeconds = 10,
                    Containers =
                    [
                        new V1Container
                        {
                            Name = "app",
                            Image = "registry.k8s.io/pause:3.10",
                            Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m"), ["memory"] = new("16Mi") } },
                        },
                    ],
                },
            },
        },
    };

    /// <summary>A server with 100 simulated nodes (pods start at once, end 1 s after deletion) and the benchmark's namespace.</summary>
    private sealed class Cluster : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private ServerProcess _server = null!;
        private Task _simulating = Task.CompletedTask;

        public Kubernetes Client { get; private set; } = null!;

        public NodeSimulator Simulator { get; private set; } = null!;

        public static async Task<Cluster> StartAsync(string[] serverArgs)
        {
            var cluster = new Cluster { _server = await ServerProcess.StartAsync(serverArgs) };
            cluster.Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster._server.Kubeconfig));
            cluster.Simulator = new NodeSimulator(cluster.Client, new SimulatorOptions
            {
                Nodes = Nodes,
                PodStartDelay = TimeSpan.Zero,
                MaxGrace = TimeSpan.FromSeconds(1),
                HeartbeatInterval = TimeSpan.FromSeconds(2),
            }, TimeProvider.System, NullLoggerFactory.Instance);
            cluster._simulating = cluster.Simulator.RunAsync(cluster._stop.Token);
            await cluster.Simulator.Ready;
            await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });
            return cluster;
        }

        /// <summary>Polls every 200 ms (a benchmark's clock, not a test's wait) for up to 10 minutes.</summary>
        public async Task UntilAsync(Func<Task<bool>> done)
        {
            var deadline = Stopwatch.GetTimestamp() + (10 * 60 * Stopwatch.Frequency);
            while (!await done())
            {
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    throw new TimeoutException("the benchmark's condition was not reached in 10 minutes");
                }

                await Task.Delay(200);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _simulating.ContinueWith(_ => { }, TaskScheduler.Default);
            Simulator.Dispose();
            Client.Dispose();
            await _server.DisposeAsync();
            _stop.Dispose();
        }
    }
}
