using k8s;
using k8s.Models;
using KubeSharp.Simulator;
using KubeSharp.TestSupport;

namespace KubeSharp.Controllers.Tests.Deployment;

/// <summary>
/// The Deployment controller in a real `kubesharp server` (with the ReplicaSet controller and the
/// scheduler), pods run by simulated nodes, driven with the real kubectl as a user would.
/// </summary>
public sealed class DeploymentControllerTests : IAsyncLifetime
{
    private const string Revision = "deployment.kubernetes.io/revision";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private ServerProcess _server = null!;
    private Kubernetes _client = null!;
    private SimulatorRun _nodes = null!;
    private string _namespace = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync();
        _client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.Kubeconfig));
        _nodes = new SimulatorRun(_client, new SimulatorOptions
        {
            Nodes = 3, DeleteNodesOnExit = true, PodStartDelay = TimeSpan.Zero, HeartbeatInterval = TimeSpan.FromSeconds(5), MaxGrace = TimeSpan.FromSeconds(1),
        });
        await _nodes.Simulator.Ready.WaitAsync(Patience);
        _namespace = $"deploy-{Guid.NewGuid():N}"[..14];
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = _namespace } });
    }

    public async Task DisposeAsync()
    {
        await _nodes.DisposeAsync();
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Rolls_out_scales_updates_undoes_pauses_resumes_and_restarts_with_kubectl()
    {
        var kubectl = _server.Kubectl;
        var ns = _namespace;

        // Create: one ReplicaSet named after its template's hash, revision 1, three running pods.
        await kubectl.OkAsync($"create deployment web -n {ns} --image=nginx:1.25 --replicas=3");
        await RolloutStatusAsync("web");
        await Wait.UntilAsync(async () => (await RunningPodsAsync("web")).Count == 3, Patience, "3 running pods");
        var first = Assert.Single(await ReplicaSetsAsync("web"));
        var firstName = first.Metadata.Name;
        Assert.Matches("^web-[bcdfghjklmnpqrstvwxz2456789]+$", firstName);
        Assert.Equal(firstName, "web-" + first.Metadata.Labels["pod-template-hash"]);
        Assert.Equal(first.Metadata.Labels["pod-template-hash"], first.Spec.Selector.MatchLabels["pod-template-hash"]);
        Assert.Equal(
            ("1", "3", "4"),
            (first.Metadata.Annotations[Revision], first.Metadata.Annotations["deployment.kubernetes.io/desired-replicas"], first.Metadata.Annotations["deployment.kubernetes.io/max-replicas"]));
        var owner = Assert.Single(first.Metadata.OwnerReferences);
        Assert.Equal(("Deployment", "web", true, true), (owner.Kind, owner.Name, owner.Controller == true, owner.BlockOwnerDeletion == true));
        await Wait.UntilAsync(
            async () => await ReadAsync("web") is var web
                && Condition(web, "Available") is { Status: "True", Reason: "MinimumReplicasAvailable", Message: "Deployment has minimum availability." }
                && Condition(web, "Progressing") is { Status: "True", Reason: "NewReplicaSetAvailable" } progressing
                && progressing.Message == $"ReplicaSet \"{firstName}\" has successfully progressed."
                && Annotation(web, Revision) == "1",
            Patience,
            "the Available and Progressing conditions and revision 1");
        await WaitForEventAsync($"Scaled up replica set {firstName} from 0 to 3");

        // Scale: the one ReplicaSet takes all replicas.
        await kubectl.OkAsync($"scale deployment web -n {ns} --replicas=5");
        await Wait.UntilAsync(
            async () => await ReadAsync("web") is { Status.AvailableReplicas: 5 } web && web.Status.ObservedGeneration == web.Metadata.Generation,
            Patience,
            "5 available replicas");
        await WaitForEventAsync($"Scaled up replica set {firstName} from 3 to 5");

        // Update: a rolling update never leaves fewer than 5 - 25% (rounded down: 1) = 4 pods available.
        var before = await ReadAsync("web");
        var observed = new List<V1DeploymentStatus>();
        using (var stopWatching = new CancellationTokenSource())
        {
            var watching = WatchStatusesAsync("web", before.Metadata.ResourceVersion, observed, stopWatching.Token);
            try
            {
                await kubectl.OkAsync($"set image deployment/web -n {ns} nginx=nginx:1.26");
                await RolloutStatusAsync("web");
            }
            finally
            {
                await stopWatching.CancelAsync();
                await watching;
            }
        }

        Assert.Contains(observed, status => status.UpdatedReplicas is > 0 and < 5);
        Assert.All(observed, status => Assert.True((status.AvailableReplicas ?? 0) >= 4, $"{status.AvailableReplicas} available during the rollout"));
        var second = Assert.Single(await ReplicaSetsAsync("web"), rs => rs.Metadata.Name != firstName);
        Assert.Equal(("2", 5), (second.Metadata.Annotations[Revision], second.Spec.Replicas));
        Assert.Equal(0, Assert.Single(await ReplicaSetsAsync("web"), rs => rs.Metadata.Name == firstName).Spec.Replicas);
        await Wait.UntilAsync(
            async () => (await RunningPodsAsync("web")) is { Count: 5 } pods && pods.All(pod => pod.Spec.Containers[0].Image == "nginx:1.26"),
            Patience,
            "5 pods of nginx:1.26");
        var history = await kubectl.OkAsync($"rollout history deployment/web -n {ns}");
        Assert.Matches(@"(?m)^1\s", history);
        Assert.Matches(@"(?m)^2\s", history);

        // Undo: kubectl writes the previous template back; its ReplicaSet becomes revision 3.
        await kubectl.OkAsync($"rollout undo deployment/web -n {ns}");
        await RolloutStatusAsync("web");
        await Wait.UntilAsync(async () => Annotation(await ReadAsync("web"), Revision) == "3", Patience, "revision 3 on the Deployment");
        Assert.Equal("nginx:1.25", (await ReadAsync("web")).Spec.Template.Spec.Containers[0].Image);
        var undone = Assert.Single(await ReplicaSetsAsync("web"), rs => rs.Metadata.Name == firstName);
        Assert.Equal(("3", "1", 5), (undone.Metadata.Annotations[Revision], undone.Metadata.Annotations["deployment.kubernetes.io/revision-history"], undone.Spec.Replicas));
        history = await kubectl.OkAsync($"rollout history deployment/web -n {ns}");
        Assert.DoesNotMatch(@"(?m)^1\s", history);
        Assert.Matches(@"(?m)^2\s", history);
        Assert.Matches(@"(?m)^3\s", history);

        // Pause: a new template makes no ReplicaSet.
        await kubectl.OkAsync($"rollout pause deployment/web -n {ns}");
        await Wait.UntilAsync(async () => Condition(await ReadAsync("web"), "Progressing")?.Reason == "DeploymentPaused", Patience, "the DeploymentPaused condition");
        await kubectl.OkAsync($"set image deployment/web -n {ns} nginx=nginx:1.27");
        await Wait.UntilAsync(
            async () => await ReadAsync("web") is var web && web.Status?.ObservedGeneration == web.Metadata.Generation && web.Spec.Template.Spec.Containers[0].Image == "nginx:1.27",
            Patience,
            "the paused Deployment's change to be observed");
        Assert.Equal(2, (await ReplicaSetsAsync("web")).Count);
        Assert.Equal(0, (await ReadAsync("web")).Status.UpdatedReplicas ?? 0);

        // Resume: the rollout goes on, as revision 4.
        await kubectl.OkAsync($"rollout resume deployment/web -n {ns}");
        await RolloutStatusAsync("web");
        var latest = Assert.Single(await ReplicaSetsAsync("web"), rs => rs.Spec.Template.Spec.Containers[0].Image == "nginx:1.27");
        Assert.Equal("4", latest.Metadata.Annotations[Revision]);
        Assert.Equal(3, (await ReplicaSetsAsync("web")).Count);
        await Wait.UntilAsync(
            async () => (await RunningPodsAsync("web")) is { Count: 5 } pods && pods.All(pod => pod.Spec.Containers[0].Image == "nginx:1.27"),
            Patience,
            "5 pods of nginx:1.27");

        // Restart: kubectl stamps the template, which rolls every pod over as revision 5.
        var beforeRestart = (await RunningPodsAsync("web")).Select(pod => pod.Metadata.Name).ToHashSet();
        await kubectl.OkAsync($"rollout restart deployment/web -n {ns}");
        await RolloutStatusAsync("web");
        Assert.Equal("5", Assert.Single(await ReplicaSetsAsync("web"), rs => rs.Spec.Replicas == 5).Metadata.Annotations[Revision]);
        await Wait.UntilAsync(
            async () => (await RunningPodsAsync("web")) is { Count: 5 } pods && pods.All(pod => !beforeRestart.Contains(pod.Metadata.Name)),
            Patience,
            "5 new pods after the restart");
    }

    [Fact]
    public async Task Recreate_stops_every_old_pod_before_starting_new_ones()
    {
        var kubectl = _server.Kubectl;
        await kubectl.OkAsync($"apply -n {_namespace} -f -", RecreateDeployment("db", "postgres:16"));
        await RolloutStatusAsync("db");
        var list = await _client.CoreV1.ListNamespacedPodAsync(_namespace, labelSelector: "app=db");
        Assert.Equal(3, list.Items.Count(pod => pod.Status?.Phase == "Running"));

        var overlaps = new List<string>();
        var seenHashes = new HashSet<string>(StringComparer.Ordinal);
        using (var stopWatching = new CancellationTokenSource())
        {
            var watching = WatchPodsAsync("app=db", list.Metadata.ResourceVersion, overlaps, seenHashes, stopWatching.Token);
            try
            {
                await kubectl.OkAsync($"set image deployment/db -n {_namespace} postgres=postgres:17");
                await RolloutStatusAsync("db");
            }
            finally
            {
                await stopWatching.CancelAsync();
                await watching;
            }
        }

        Assert.Empty(overlaps);
        Assert.Equal(2, seenHashes.Count);
        await Wait.UntilAsync(
            async () => (await RunningPodsAsync("db")) is { Count: 3 } pods && pods.All(pod => pod.Spec.Containers[0].Image == "postgres:17"),
            Patience,
            "3 pods of postgres:17");
    }

    private static string RecreateDeployment(string name, string image) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
        spec:
          replicas: 3
          strategy:
            type: Recreate
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              containers:
              - name: postgres
                image: {image}
        """;

    private async Task RolloutStatusAsync(string name)
    {
        var result = await _server.Kubectl.RunAsync($"rollout status deployment/{name} -n {_namespace} --timeout=60s", timeout: TimeSpan.FromSeconds(90));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("successfully rolled out", result.Output, StringComparison.Ordinal);
    }

    private async Task<V1Deployment> ReadAsync(string name) => await _client.AppsV1.ReadNamespacedDeploymentAsync(name, _namespace);

    private async Task<List<V1ReplicaSet>> ReplicaSetsAsync(string app) =>
        [.. (await _client.AppsV1.ListNamespacedReplicaSetAsync(_namespace, labelSelector: "app=" + app)).Items];

    private async Task<List<V1Pod>> RunningPodsAsync(string app) =>
        [.. (await _client.CoreV1.ListNamespacedPodAsync(_namespace, labelSelector: "app=" + app)).Items.Where(pod => pod.Status?.Phase == "Running" && pod.Metadata.DeletionTimestamp is null)];

    private static V1DeploymentCondition? Condition(V1Deployment d, string type) => d.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    private static string? Annotation(V1Deployment d, string key) =>
        d.Metadata.Annotations is { } annotations && annotations.TryGetValue(key, out var value) ? value : null;

    private async Task WaitForEventAsync(string message) => await Wait.UntilAsync(
        async () => (await _client.CoreV1.ListNamespacedEventAsync(_namespace, fieldSelector: "involvedObject.name=web,reason=ScalingReplicaSet")).Items.Any(e => e.Message == message),
        Patience,
        $"the event \"{message}\"");

    /// <summary>Every status the Deployment is written with after <paramref name="resourceVersion"/>, until cancelled.</summary>
    private async Task WatchStatusesAsync(string name, string resourceVersion, List<V1DeploymentStatus> observed, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await foreach (var (type, item) in _client.AppsV1.WatchListNamespacedDeploymentAsync(
                    _namespace, fieldSelector: "metadata.name=" + name, resourceVersion: resourceVersion, allowWatchBookmarks: true, cancellationToken: cancellationToken))
                {
                    resourceVersion = item?.Metadata?.ResourceVersion ?? resourceVersion;
                    if (type is WatchEventType.Added or WatchEventType.Modified && item?.Status is { } status)
                    {
                        observed.Add(status);
                    }
                }
            }
        }
        catch (Exception error) when (cancellationToken.IsCancellationRequested && error is OperationCanceledException or IOException or HttpRequestException)
        {
            // Stopped: the rollout is over.
        }
    }

    /// <summary>
    /// Follows the pods, noting each pod-template-hash seen, and any moment when pods of two
    /// templates exist at once (terminal pods aside).
    /// </summary>
    private async Task WatchPodsAsync(string labelSelector, string resourceVersion, List<string> overlaps, HashSet<string> seenHashes, CancellationToken cancellationToken)
    {
        var present = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await foreach (var (type, pod) in _client.CoreV1.WatchListNamespacedPodAsync(
                    _namespace, labelSelector: labelSelector, resourceVersion: resourceVersion, allowWatchBookmarks: true, cancellationToken: cancellationToken))
                {
                    resourceVersion = pod?.Metadata?.ResourceVersion ?? resourceVersion;
                    if (pod?.Metadata?.Name is not { } name || type is WatchEventType.Bookmark or WatchEventType.Error)
                    {
                        continue;
                    }

                    var hash = pod.Metadata.Labels is { } labels && labels.TryGetValue("pod-template-hash", out var label) ? label : string.Empty;
                    seenHashes.Add(hash);
                    if (type == WatchEventType.Deleted || pod.Status?.Phase is "Succeeded" or "Failed")
                    {
                        present.Remove(name);
                    }
                    else
                    {
                        present[name] = hash;
                    }

                    if (present.Values.Distinct(StringComparer.Ordinal).Count() > 1)
                    {
                        overlaps.Add(string.Join(", ", present.Select(pair => $"{pair.Key} ({pair.Value})")));
                    }
                }
            }
        }
        catch (Exception error) when (cancellationToken.IsCancellationRequested && error is OperationCanceledException or IOException or HttpRequestException)
        {
            // Stopped: the rollout is over.
        }
    }
}
