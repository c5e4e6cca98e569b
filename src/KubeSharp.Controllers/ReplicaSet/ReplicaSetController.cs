using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Api.Selectors;
using KubeSharp.Client.Events;
using KubeSharp.Client.Informers;
using KubeSharp.Client.WorkQueue;
using KubeSharp.Controllers.Shared;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.ReplicaSet;

/// <summary>
/// upstream's ReplicaSet controller: keeps as many active pods as spec.replicas, owned by the
/// ReplicaSet (adopting matching orphans, releasing pods that stop matching), creating in
/// doubling batches and deleting the least useful pods first; expectations stop it from acting
/// twice on a cache that has not yet seen its own creations and deletions. Status counts
/// replicas, fully labelled, ready and available pods.
/// </summary>
public sealed partial class ReplicaSetController : IController
{
    public const string ControllerName = "replicaset";

    /// <summary>BurstReplicas: at most this many pods created or deleted in one sync.</summary>
    private const int BurstReplicas = 500;

    private readonly ControllerContext _context;
    private readonly IKubernetes _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SharedInformer<V1ReplicaSet> _replicaSets;
    private readonly SharedInformer<V1Pod> _pods;
    private readonly RateLimitingQueue<string> _queue;
    private readonly ControllerExpectations _expectations;

    public ReplicaSetController(ControllerContext context)
    {
        _context = context;
        _client = context.Client;
        _time = context.Time;
        _logger = context.Loggers.CreateLogger("replicaset-controller");
        _queue = new RateLimitingQueue<string>(MaxOfRateLimiter<string>.ControllerDefault(_time), _time);
        _expectations = new ControllerExpectations(_time);
        _replicaSets = context.Informers.ReplicaSets;
        _pods = context.Informers.Pods;
        _replicaSets.AddEventHandler(new ReplicaSetEvents(this));
        _pods.AddEventHandler(new PodEvents(this));
    }

    public string Name => ControllerName;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _context.Informers.WaitForSyncAsync(cancellationToken);
        await using var events = new EventRecorder(_client, "replicaset-controller", "kubesharp", _time, _logger);
        await QueueWorkers.RunAsync(
            _queue,
            _context.Options.Workers,
            async (key, ct) =>
            {
                await SyncAsync(key, events, ct);
                return true;
            },
            (key, error) => LogSyncFailed(key, error.Message),
            cancellationToken);
    }

    private async Task SyncAsync(string key, EventRecorder events, CancellationToken cancellationToken)
    {
        var rs = _replicaSets.Store.Get(key);
        if (rs is null)
        {
            _expectations.Delete(key);
            return;
        }

        var needsSync = _expectations.Satisfied(key);
        var selector = LabelSelector.FromModel(rs.Spec.Selector);
        var active = _pods.Store.ByIndex(Indexer<V1Pod>.NamespaceIndex, rs.Metadata.NamespaceProperty).Where(PodStates.IsActive).ToList();
        var owned = await ClaimPodsAsync(rs, selector, active, cancellationToken);

        Exception? failure = null;
        if (needsSync && rs.Metadata.DeletionTimestamp is null)
        {
            try
            {
                await ManageReplicasAsync(rs, key, owned, events, cancellationToken);
            }
            catch (HttpOperationException error) when (error.Response.StatusCode != HttpStatusCode.Conflict)
            {
                failure = error;
            }
        }

        var status = ReplicaSetStatuses.Calculate(rs, owned, failure, _time.GetUtcNow());
        if (!ReplicaSetStatuses.Equal(rs.Status, status))
        {
            var updated = KubernetesJson.Deserialize<V1ReplicaSet>(KubernetesJson.Serialize(rs));
            updated.Status = status;
            await _client.AppsV1.ReplaceNamespacedReplicaSetStatusAsync(updated, rs.Metadata.Name, rs.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }

        // Pods that turn available only with time: look again when they will be.
        var minReady = rs.Spec.MinReadySeconds ?? 0;
        if (failure is null && minReady > 0 && status.ReadyReplicas == (rs.Spec.Replicas ?? 1) && status.AvailableReplicas != status.ReadyReplicas)
        {
            _queue.AddAfter(key, TimeSpan.FromSeconds(minReady));
        }

        if (failure is not null)
        {
            throw failure;
        }
    }

    /// <summary>
    /// ClaimPods: the active pods this ReplicaSet controls, adopting orphans its selector matches
    /// (unless it is being deleted) and releasing owned pods it no longer matches.
    /// </summary>
    private async Task<List<V1Pod>> ClaimPodsAsync(V1ReplicaSet rs, LabelSelector selector, List<V1Pod> pods, CancellationToken cancellationToken)
    {
        var owned = new List<V1Pod>();
        foreach (var pod in pods)
        {
            var owner = Owners.ControllerOf(pod);
            var matches = selector.Matches(pod.Metadata.Labels as IReadOnlyDictionary<string, string>);
            if (owner is not null)
            {
                if (owner.Uid != rs.Metadata.Uid)
                {
                    continue;
                }

                if (matches)
                {
                    owned.Add(pod);
                }
                else if (rs.Metadata.DeletionTimestamp is null)
                {
                    await PatchPodAsync(pod, $"{{\"metadata\":{{\"ownerReferences\":[{{\"$patch\":\"delete\",\"uid\":\"{rs.Metadata.Uid}\"}}],\"uid\":\"{pod.Metadata.Uid}\"}}}}", cancellationToken);
                }

                continue;
            }

            if (matches && rs.Metadata.DeletionTimestamp is null)
            {
                var reference = KubernetesJson.Serialize(Owners.ControllerReference(rs, "apps/v1", "ReplicaSet"));
                if (await PatchPodAsync(pod, $"{{\"metadata\":{{\"ownerReferences\":[{reference}],\"uid\":\"{pod.Metadata.Uid}\"}}}}", cancellationToken))
                {
                    owned.Add(pod);
                }
            }
        }

        return owned;
    }

    /// <summary>A strategic merge patch of the pod's owner references; false if the pod is gone or changed identity.</summary>
    private async Task<bool> PatchPodAsync(V1Pod pod, string patch, CancellationToken cancellationToken)
    {
        try
        {
            await _client.CoreV1.PatchNamespacedPodAsync(new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch), pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException error) when (error.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity)
        {
            return false;
        }
    }

    private async Task ManageReplicasAsync(V1ReplicaSet rs, string key, List<V1Pod> owned, EventRecorder events, CancellationToken cancellationToken)
    {
        var diff = owned.Count - (rs.Spec.Replicas ?? 1);
        if (diff < 0)
        {
            var wanted = Math.Min(-diff, BurstReplicas);
            _expectations.Expect(key, wanted, 0);
            var created = await SlowStartBatchAsync(wanted, () => CreatePodAsync(rs, events, cancellationToken));
            if (created < wanted)
            {
                // The rest were never attempted or failed: do not wait for them.
                _expectations.Lower(key, wanted - created, 0);
            }
        }
        else if (diff > 0)
        {
            var doomed = PodsToDelete.Choose(owned, Math.Min(diff, BurstReplicas), _time.GetUtcNow());
            _expectations.Expect(key, 0, doomed.Count);
            var failures = new List<HttpOperationException>();
            await Task.WhenAll(doomed.Select(async pod =>
            {
                try
                {
                    await _client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
                    events.Event(rs, "Normal", "SuccessfulDelete", $"Deleted pod: {pod.Metadata.Name}");
                }
                catch (HttpOperationException error)
                {
                    _expectations.DeletionObserved(key);
                    if (error.Response.StatusCode != HttpStatusCode.NotFound)
                    {
                        lock (failures)
                        {
                            failures.Add(error);
                        }
                    }
                }
            }));
            if (failures.Count > 0)
            {
                events.Event(rs, "Warning", "FailedDelete", $"Error deleting: {failures[0].Response.Content}");
                throw failures[0];
            }
        }
    }

    /// <summary>Creates in batches of 1, 2, 4...: a systematic failure (quota, bad template) costs one call, not hundreds.</summary>
    private static async Task<int> SlowStartBatchAsync(int count, Func<Task> create)
    {
        var done = 0;
        for (var batch = 1; done < count; batch *= 2)
        {
            var size = Math.Min(batch, count - done);
            var results = await Task.WhenAll(Enumerable.Range(0, size).Select(async _ =>
            {
                try
                {
                    await create();
                    return (Exception?)null;
                }
                catch (HttpOperationException error)
                {
                    return error;
                }
            }));
            done += results.Count(result => result is null);
            if (results.FirstOrDefault(result => result is not null) is { } failure)
            {
                throw failure;
            }
        }

        return done;
    }

    private async Task CreatePodAsync(V1ReplicaSet rs, EventRecorder events, CancellationToken cancellationToken)
    {
        var template = rs.Spec.Template;
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                GenerateName = rs.Metadata.Name + "-",
                Labels = template.Metadata?.Labels is { } labels ? new Dictionary<string, string>(labels) : null,
                Annotations = template.Metadata?.Annotations is { } annotations ? new Dictionary<string, string>(annotations) : null,
                Finalizers = template.Metadata?.Finalizers is { } finalizers ? [.. finalizers] : null,
                OwnerReferences = [Owners.ControllerReference(rs, "apps/v1", "ReplicaSet")],
            },
            Spec = template.Spec,
        };
        try
        {
            var created = await _client.CoreV1.CreateNamespacedPodAsync(pod, rs.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            events.Event(rs, "Normal", "SuccessfulCreate", $"Created pod: {created.Metadata.Name}");
        }
        catch (HttpOperationException error)
        {
            events.Event(rs, "Warning", "FailedCreate", $"Error creating: {error.Response.Content}");
            throw;
        }
    }

    private void Enqueue(V1ReplicaSet rs) => _queue.Add($"{rs.Metadata.NamespaceProperty}/{rs.Metadata.Name}");

    /// <summary>The ReplicaSet a controller reference points at, if it is the one in the cache (same UID).</summary>
    private V1ReplicaSet? Resolve(string? ns, V1OwnerReference? reference)
    {
        if (reference is not { Kind: "ReplicaSet" })
        {
            return null;
        }

        var rs = _replicaSets.Store.Get($"{ns}/{reference.Name}");
        return rs?.Metadata.Uid == reference.Uid ? rs : null;
    }

    /// <summary>An orphan may be adopted by any ReplicaSet of its namespace that selects it.</summary>
    private void EnqueueSelecting(V1Pod pod)
    {
        var labels = pod.Metadata.Labels as IReadOnlyDictionary<string, string>;
        foreach (var rs in _replicaSets.Store.ByIndex(Indexer<V1ReplicaSet>.NamespaceIndex, pod.Metadata.NamespaceProperty))
        {
            if (LabelSelector.FromModel(rs.Spec.Selector).Matches(labels))
            {
                Enqueue(rs);
            }
        }
    }

    private sealed class ReplicaSetEvents(ReplicaSetController controller) : IResourceEventHandler<V1ReplicaSet>
    {
        public void OnAdd(V1ReplicaSet item) => controller.Enqueue(item);

        public void OnUpdate(V1ReplicaSet old, V1ReplicaSet current) => controller.Enqueue(current);

        public void OnDelete(V1ReplicaSet item)
        {
            controller._expectations.Delete($"{item.Metadata.NamespaceProperty}/{item.Metadata.Name}");
            controller.Enqueue(item);
        }
    }

    private sealed class PodEvents(ReplicaSetController controller) : IResourceEventHandler<V1Pod>
    {
        public void OnAdd(V1Pod item)
        {
            if (controller.Resolve(item.Metadata.NamespaceProperty, Owners.ControllerOf(item)) is { } rs)
            {
                controller._expectations.CreationObserved($"{rs.Metadata.NamespaceProperty}/{rs.Metadata.Name}");
                controller.Enqueue(rs);
            }
            else if (Owners.ControllerOf(item) is null && item.Metadata.DeletionTimestamp is null)
            {
                controller.EnqueueSelecting(item);
            }
        }

        public void OnUpdate(V1Pod old, V1Pod current)
        {
            // A pod starting graceful deletion no longer counts: its deletion is observed now, as upstream.
            if (current.Metadata.DeletionTimestamp is not null && old.Metadata.DeletionTimestamp is null
                && controller.Resolve(current.Metadata.NamespaceProperty, Owners.ControllerOf(current)) is { } deleting)
            {
                controller._expectations.DeletionObserved($"{deleting.Metadata.NamespaceProperty}/{deleting.Metadata.Name}");
            }

            var oldOwner = controller.Resolve(old.Metadata.NamespaceProperty, Owners.ControllerOf(old));
            var owner = controller.Resolve(current.Metadata.NamespaceProperty, Owners.ControllerOf(current));
            if (oldOwner is not null && oldOwner.Metadata.Uid != owner?.Metadata.Uid)
            {
                controller.Enqueue(oldOwner);
            }

            if (owner is not null)
            {
                controller.Enqueue(owner);
            }
            else if (Owners.ControllerOf(current) is null)
            {
                controller.EnqueueSelecting(current);
            }
        }

        public void OnDelete(V1Pod item)
        {
            if (controller.Resolve(item.Metadata.NamespaceProperty, Owners.ControllerOf(item)) is { } rs)
            {
                controller._expectations.DeletionObserved($"{rs.Metadata.NamespaceProperty}/{rs.Metadata.Name}");
                controller.Enqueue(rs);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "replicaset controller: syncing {Key} failed: {Reason}")]
    private partial void LogSyncFailed(string key, string reason);
}
