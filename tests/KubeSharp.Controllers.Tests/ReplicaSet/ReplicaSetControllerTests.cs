using k8s;
using k8s.Models;
using KubeSharp.Simulator;
using KubeSharp.TestSupport;

namespace KubeSharp.Controllers.Tests.ReplicaSet;

/// <summary>The ReplicaSet controller in a real `kubesharp server`, with simulated nodes running the pods.</summary>
public sealed class ReplicaSetControllerTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private ServerProcess _server = null!;
    private Kubernetes _client = null!;
    private SimulatorRun _nodes = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync();
        _client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.Kubeconfig));
        _nodes = new SimulatorRun(_client, new SimulatorOptions
        {
            Nodes = 3, DeleteNodesOnExit = true, PodStartDelay = TimeSpan.Zero, HeartbeatInterval = TimeSpan.FromSeconds(5), MaxGrace = TimeSpan.FromSeconds(1),
        });
        await _nodes.Simulator.Ready.WaitAsync(Patience);
    }

    public async Task DisposeAsync()
    {
        await _nodes.DisposeAsync();
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Keeps_the_replicas_running_replaces_deleted_pods_and_scales()
    {
        var kubectl = _server.Kubectl;
        await kubectl.OkAsync("apply -f -", ReplicaSet("web", 3));
        await Wait.UntilAsync(async () => await ReadyAsync("web") == 3, Patience, "3 ready replicas");
        Assert.Matches(@"web\s+3\s+3\s+3", await kubectl.OkAsync("get rs web --no-headers"));
        var pods = await OwnedAsync("web");
        Assert.Equal(3, pods.Count);
        Assert.All(pods, pod => Assert.StartsWith("web-", pod.Metadata.Name, StringComparison.Ordinal));

        await kubectl.OkAsync($"delete pod {pods[0].Metadata.Name} --wait=false");
        await Wait.UntilAsync(
            async () => (await OwnedAsync("web")) is { Count: 3 } now && now.All(pod => pod.Metadata.Name != pods[0].Metadata.Name) && await ReadyAsync("web") == 3,
            Patience,
            "the deleted pod to be replaced");

        await kubectl.OkAsync("scale rs web --replicas=1");
        await Wait.UntilAsync(async () => (await OwnedAsync("web")).Count == 1, Patience, "scaled down to 1");
        await kubectl.OkAsync("scale rs web --replicas=4");
        await Wait.UntilAsync(async () => await ReadyAsync("web") == 4, Patience, "scaled up to 4");
        Assert.Equal(4, (await OwnedAsync("web")).Count);
    }

    [Fact]
    public async Task Adopts_matching_orphans_and_releases_pods_that_stop_matching()
    {
        var kubectl = _server.Kubectl;
        await kubectl.OkAsync("run orphan --image=busybox --labels=app=adopt");
        await kubectl.OkAsync("apply -f -", ReplicaSet("adopt", 2));
        await Wait.UntilAsync(async () => await ReadyAsync("adopt") == 2, Patience, "2 ready replicas");
        var owned = await OwnedAsync("adopt");
        Assert.Contains(owned, pod => pod.Metadata.Name == "orphan");
        Assert.Equal(2, owned.Count);

        await kubectl.OkAsync("label pod orphan app=gone --overwrite");
        await Wait.UntilAsync(async () => (await OwnedAsync("adopt")) is { Count: 2 } now && now.All(pod => pod.Metadata.Name != "orphan"), Patience, "a replacement for the released pod");
        var released = await _client.CoreV1.ReadNamespacedPodAsync("orphan", "default");
        Assert.Empty(released.Metadata.OwnerReferences ?? []);
    }

    private async Task<int> ReadyAsync(string name) =>
        (await _client.AppsV1.ReadNamespacedReplicaSetAsync(name, "default")).Status?.ReadyReplicas ?? 0;

    /// <summary>The active pods the ReplicaSet controls.</summary>
    private async Task<List<V1Pod>> OwnedAsync(string name)
    {
        var rs = await _client.AppsV1.ReadNamespacedReplicaSetAsync(name, "default");
        var pods = await _client.CoreV1.ListNamespacedPodAsync("default");
        return pods.Items
            .Where(pod => pod.Metadata.DeletionTimestamp is null && pod.Metadata.OwnerReferences?.Any(o => o.Uid == rs.Metadata.Uid && o.Controller == true) == true)
            .ToList();
    }

    private static string ReplicaSet(string name, int replicas) => $$"""
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: {{name}}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels:
              app: {{name}}
          template:
            metadata:
              labels:
                app: {{name}}
            spec:
              containers:
              - name: c
                image: busybox
                resources:
                  requests:
                    cpu: 10m
        """;
}
