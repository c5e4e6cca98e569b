using k8s;
using k8s.Models;
using KubeSharp.Simulator;
using KubeSharp.TestSupport;

namespace KubeSharp.Controllers.Tests;

/// <summary>
/// The controllers together in a real `kubesharp server` with simulated nodes: a node that stops
/// heartbeating has its pods evicted and replaced elsewhere, and a Deployment deleted in the
/// foreground goes only after its ReplicaSets and pods.
/// </summary>
public sealed class ClusterHealingTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private ServerProcess _server = null!;
    private Kubernetes _client = null!;
    private SimulatorRun _nodes = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync("--node-monitor-grace-period", "5s");
        _client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.Kubeconfig));
        _nodes = new SimulatorRun(_client, new SimulatorOptions
        {
            Nodes = 3, DeleteNodesOnExit = true, PodStartDelay = TimeSpan.Zero, HeartbeatInterval = TimeSpan.FromSeconds(1), MaxGrace = TimeSpan.FromSeconds(1),
        });
        await _nodes.ReadyForPodsAsync(_client, Patience);
    }

    public async Task DisposeAsync()
    {
        await _nodes.DisposeAsync();
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Pods_of_a_silent_node_are_evicted_and_recreated_on_the_others()
    {
        var kubectl = _server.Kubectl;
        await kubectl.OkAsync("create deployment ha --image=busybox --replicas=6");
        await kubectl.OkAsync("""patch deployment ha -p {"spec":{"template":{"spec":{"tolerations":[{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":0}]}}}}""");
        await kubectl.OkAsync("rollout status deployment/ha --timeout=90s");
        var victim = (await RunningAsync("app=ha")).Select(pod => pod.Spec.NodeName).First();

        Assert.True(_nodes.Simulator.StopHeartbeat(victim));

        await Wait.UntilAsync(
            async () => (await _client.CoreV1.ReadNodeAsync(victim)).Spec.Taints?.Any(t => t.Key == "node.kubernetes.io/unreachable" && t.Effect == "NoExecute") == true,
            Patience,
            "the silent node to be tainted unreachable");
        Assert.Matches($@"{victim}\s+NotReady", await kubectl.OkAsync("get nodes --no-headers"));
        await Wait.UntilAsync(
            async () => (await RunningAsync("app=ha")) is { Count: 6 } pods && pods.All(pod => pod.Spec.NodeName != victim),
            Patience,
            "6 running pods, none on the silent node");
    }

    [Fact]
    public async Task Foreground_deletion_of_a_deployment_removes_its_replica_sets_and_pods_first()
    {
        var kubectl = _server.Kubectl;
        await kubectl.OkAsync("create deployment fg --image=busybox --replicas=2");
        await kubectl.OkAsync("rollout status deployment/fg --timeout=90s");

        // A finalizer of the test's own holds one pod, so the deployment's foreground wait can be seen.
        var held = (await RunningAsync("app=fg"))[0].Metadata.Name;
        await kubectl.OkAsync($$$"""patch pod {{{held}}} -p {"metadata":{"finalizers":["example.com/hold"]}}""");
        await kubectl.OkAsync("delete deployment fg --cascade=foreground --wait=false");

        await Wait.UntilAsync(
            async () => (await _client.AppsV1.ListNamespacedReplicaSetAsync("default", labelSelector: "app=fg")).Items is { Count: 1 } sets
                && sets[0].Metadata.DeletionTimestamp is not null,
            Patience,
            "the ReplicaSet to be deleted in the foreground too");
        var waiting = await _client.AppsV1.ReadNamespacedDeploymentAsync("fg", "default");
        Assert.NotNull(waiting.Metadata.DeletionTimestamp);
        Assert.Contains("foregroundDeletion", waiting.Metadata.Finalizers);

        await kubectl.OkAsync($$$"""patch pod {{{held}}} --type=merge -p {"metadata":{"finalizers":null}}""");
        await Wait.UntilAsync(
            async () => (await kubectl.RunAsync("get deployment fg")).ExitCode != 0
                && (await _client.AppsV1.ListNamespacedReplicaSetAsync("default", labelSelector: "app=fg")).Items.Count == 0
                && (await _client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=fg")).Items.Count == 0,
            Patience,
            "the deployment, its ReplicaSet and its pods to be gone");
    }

    private async Task<List<V1Pod>> RunningAsync(string selector) =>
        [.. (await _client.CoreV1.ListNamespacedPodAsync("default", labelSelector: selector)).Items
            .Where(pod => pod.Status?.Phase == "Running" && pod.Metadata.DeletionTimestamp is null)];
}
