using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Simulator;
using KubeSharp.TestSupport;

namespace KubeSharp.Controllers.Tests.NodeLifecycle;

/// <summary>
/// A real server (node monitor grace period 5 s) with simulated nodes: a node whose kubelet goes
/// silent turns Unknown, is tainted unreachable:NoExecute, and loses the pods that do not tolerate
/// that; pods on healthy nodes stay.
/// </summary>
public sealed class NodeLifecycleEndToEndTests : IAsyncLifetime
{
    private const string Silent = "sim-node-1";
    private const string Healthy = "sim-node-0";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private ServerProcess _server = null!;
    private Kubernetes _client = null!;
    private string _namespace = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync("--node-monitor-grace-period", "5s");
        _client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.Kubeconfig));
        _namespace = $"life-{Guid.NewGuid():N}"[..13];
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = _namespace } });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_silent_node_turns_unknown_is_tainted_unreachable_and_loses_the_pods_that_do_not_tolerate_it()
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

        // Ready nodes lose the not-ready:NoSchedule taint the API server put on them at registration.
        await Wait.UntilAsync(
            async () => (await SimulatedNodesAsync()).All(n => !HasTaint(n, "node.kubernetes.io/not-ready", "NoSchedule")),
            Patience,
            "the registered nodes to lose their not-ready taint");

        await _client.CoreV1.CreateNamespacedPodAsync(Pod("leaving", Silent, tolerateUnreachableSeconds: 0), _namespace);
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("staying", Healthy, tolerateUnreachableSeconds: null), _namespace);
        await RunningAsync("leaving");
        await RunningAsync("staying");

        Assert.True(run.Simulator.StopHeartbeat(Silent));

        var unknown = await WaitForAsync(async () =>
        {
            var node = await _client.CoreV1.ReadNodeAsync(Silent);
            return node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status == "Unknown" ? node : null;
        });
        foreach (var condition in unknown.Status.Conditions.Where(c => c.Type is "Ready" or "MemoryPressure" or "DiskPressure" or "PIDPressure"))
        {
            Assert.Equal("Unknown", condition.Status);
            Assert.Equal("NodeStatusUnknown", condition.Reason);
            Assert.Equal("Kubelet stopped posting node status.", condition.Message);
        }

        Assert.Contains("NotReady", await _server.Kubectl.OkAsync($"get node {Silent} --no-headers"), StringComparison.Ordinal);

        var tainted = await WaitForAsync(async () =>
        {
            var node = await _client.CoreV1.ReadNodeAsync(Silent);
            return HasTaint(node, "node.kubernetes.io/unreachable", "NoExecute") ? node : null;
        });
        Assert.NotNull(tainted.Spec.Taints.Single(t => t.Key == "node.kubernetes.io/unreachable" && t.Effect == "NoExecute").TimeAdded);
        Assert.False(HasTaint(tainted, "node.kubernetes.io/not-ready", "NoExecute"));

        // Deleted (it stays Terminating, as its kubelet is not there to finish it), with the reason on it.
        var evicted = await DeletedAsync("leaving");
        if (evicted is not null)
        {
            Assert.Contains(evicted.Status.Conditions, c => c.Type == "DisruptionTarget" && c.Status == "True" && c.Reason == "DeletionByTaintManager");
        }

        await Wait.UntilAsync(
            async () => (await _server.Kubectl.OkAsync($"get events -n {_namespace} --field-selector reason=TaintManagerEviction -o jsonpath={{.items[*].message}}"))
                .Contains($"Marking for deletion Pod {_namespace}/leaving", StringComparison.Ordinal),
            Patience,
            "the TaintManagerEviction event");

        var staying = await _client.CoreV1.ReadNamespacedPodAsync("staying", _namespace);
        Assert.Null(staying.Metadata.DeletionTimestamp);
        var healthy = await _client.CoreV1.ReadNodeAsync(Healthy);
        Assert.Equal("True", healthy.Status.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.DoesNotContain(healthy.Spec.Taints ?? new List<V1Taint>(), t => t.Effect == "NoExecute");
    }

    private async Task<List<V1Node>> SimulatedNodesAsync() =>
        [.. (await _client.CoreV1.ListNodeAsync()).Items.Where(n => n.Metadata.Name.StartsWith("sim-node-", StringComparison.Ordinal))];

    private async Task RunningAsync(string name) => await WaitForAsync(async () =>
    {
        var pod = await _client.CoreV1.ReadNamespacedPodAsync(name, _namespace);
        return pod.Status?.Phase == "Running" ? pod : null;
    });

    /// <summary>Waits until the pod is being deleted or gone; returns it while it is still there.</summary>
    private async Task<V1Pod?> DeletedAsync(string name)
    {
        V1Pod? last = null;
        await Wait.UntilAsync(
            async () =>
            {
                try
                {
                    last = await _client.CoreV1.ReadNamespacedPodAsync(name, _namespace);
                    return last.Metadata.DeletionTimestamp is not null;
                }
                catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
                {
                    last = null;
                    return true;
                }
            },
            Patience,
            $"pod {name} to be deleted");
        return last;
    }

    private static bool HasTaint(V1Node node, string key, string effect) => node.Spec?.Taints?.Any(t => t.Key == key && t.Effect == effect) == true;

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        T? found = null;
        await Wait.UntilAsync(async () => (found = await probe()) is not null, Patience, $"a {typeof(T).Name}");
        return found!;
    }

    /// <summary>A pod bound to the node directly (no scheduler), optionally tolerating unreachable:NoExecute for so many seconds.</summary>
    private static V1Pod Pod(string name, string node, long? tolerateUnreachableSeconds)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "c", Image = "busybox" }] },
        };
        if (tolerateUnreachableSeconds is { } seconds)
        {
            pod.Spec.Tolerations = [new V1Toleration { Key = "node.kubernetes.io/unreachable", OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = seconds }];
        }

        return pod;
    }
}
