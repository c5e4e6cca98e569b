using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client.Events;
using KubeSharp.Client.Informers;
using KubeSharp.Client.WorkQueue;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.NodeLifecycle;

/// <summary>
/// upstream's taint eviction controller (the NoExecute taint manager): pods on a node with
/// NoExecute taints they do not tolerate are deleted at once; pods tolerating them for a while are
/// deleted when the earliest tolerationSeconds, counted from the taint's timeAdded, run out; pods
/// tolerating them forever stay. Level-triggered: a pod's key is synced whenever its node's
/// NoExecute taints or its own node or tolerations change, and again when its deadline comes; each
/// sync decides afresh from the caches, so a cancelled eviction (taint gone, toleration added)
/// needs no bookkeeping.
/// </summary>
internal sealed partial class TaintManager
{
    private const string Component = "taint-eviction-controller";
    private const string NodeNameIndex = "nodelifecycle.spec.nodeName";

    private readonly IKubernetes _client;
    private readonly SharedInformer<V1Node> _nodes;
    private readonly SharedInformer<V1Pod> _pods;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RateLimitingQueue<string> _queue;

    /// <summary>When a NoExecute taint without timeAdded was first seen, per node and taint; its deadline counts from then.</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> _firstSeen = new(StringComparer.Ordinal);

    public TaintManager(IKubernetes client, SharedInformer<V1Node> nodes, SharedInformer<V1Pod> pods, TimeProvider time, ILogger logger)
    {
        _client = client;
        _nodes = nodes;
        _pods = pods;
        _time = time;
        _logger = logger;
        _queue = new RateLimitingQueue<string>(MaxOfRateLimiter<string>.ControllerDefault(time), time);
        _pods.Store.AddIndex(NodeNameIndex, pod => string.IsNullOrEmpty(pod.Spec?.NodeName) ? Array.Empty<string>() : [pod.Spec.NodeName]);
        _pods.AddEventHandler(new PodEvents(this));
        _nodes.AddEventHandler(new NodeEvents(this));
    }

    /// <summary>Runs the workers until cancelled; the caller has waited for the node and pod caches.</summary>
    public async Task RunAsync(int workers, CancellationToken cancellationToken)
    {
        await using var events = new EventRecorder(_client, Component, "kubesharp", _time, _logger);
        await QueueWorkers.RunAsync(
            _queue,
            workers,
            async (key, ct) =>
            {
                await SyncAsync(key, events, ct);
                return true;
            },
            (key, error) => LogFailed(key, error.Message),
            cancellationToken);
    }

    private async Task SyncAsync(string key, EventRecorder events, CancellationToken cancellationToken)
    {
        var pod = _pods.Store.Get(key);
        if (pod is null || pod.Metadata.DeletionTimestamp is not null || pod.Spec?.NodeName is not { Length: > 0 } nodeName)
        {
            return;
        }

        var node = _nodes.Store.Get(nodeName);
        var taints = NodeTaints.NoExecuteOf(node?.Spec?.Taints).ToList();
        if (node is null || taints.Count == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var evictAt = TaintEvictionTimes.EvictAt(taints, pod.Spec.Tolerations, taint => _firstSeen.GetOrAdd(TaintKey(nodeName, taint), now));
        if (evictAt is not { } deadline)
        {
            return;
        }

        if (deadline > now)
        {
            // Looked at again when the time comes; if the taint or toleration changed by then, that sync decides anew.
            _queue.AddAfter(key, deadline - now);
            return;
        }

        LogEvicting(key, nodeName);
        events.Event(pod, "Normal", "TaintManagerEviction", $"Marking for deletion Pod {key}");
        await EvictAsync(pod, now, cancellationToken);
    }

    /// <summary>
    /// addConditionAndDeletePod: says why in a DisruptionTarget condition, then deletes. The delete
    /// is pinned to the pod's uid, so a new pod of the same name is never taken for the old one.
    /// </summary>
    private async Task EvictAsync(V1Pod pod, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var name = pod.Metadata.Name;
        var ns = pod.Metadata.NamespaceProperty;
        try
        {
            if (pod.Status?.Conditions?.Any(c => c.Type == "DisruptionTarget" && c.Status == "True") != true)
            {
                await _client.CoreV1.PatchNamespacedPodStatusAsync(
                    new V1Patch(DisruptionTargetPatch(now), V1Patch.PatchType.StrategicMergePatch), name, ns, cancellationToken: cancellationToken);
            }

            await _client.CoreV1.DeleteNamespacedPodAsync(
                name, ns, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } }, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException error) when (error.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Gone already, or replaced by a new pod of the same name: nothing of ours to delete.
        }
    }

    /// <summary>A strategic merge patch adding the condition by type, leaving the kubelet's conditions alone.</summary>
    private static string DisruptionTargetPatch(DateTimeOffset now) => new JsonObject
    {
        ["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "DisruptionTarget",
                ["status"] = "True",
                ["reason"] = "DeletionByTaintManager",
                ["message"] = "Taint manager: deleting due to NoExecute taint",
                ["lastTransitionTime"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            }),
        },
    }.ToJsonString();

    private static string TaintKey(string nodeName, V1Taint taint) => string.Join('\0', nodeName, taint.Key, taint.Value ?? string.Empty, taint.Effect);

    private void NodeChanged(V1Node? old, V1Node? current)
    {
        var name = current?.Metadata?.Name ?? old?.Metadata?.Name;
        if (name is null)
        {
            return;
        }

        var before = NodeTaints.NoExecuteOf(old?.Spec?.Taints).Select(t => TaintKey(name, t)).ToHashSet(StringComparer.Ordinal);
        var after = NodeTaints.NoExecuteOf(current?.Spec?.Taints).Select(t => TaintKey(name, t)).ToHashSet(StringComparer.Ordinal);
        if (before.SetEquals(after))
        {
            return;
        }

        foreach (var gone in before.Except(after))
        {
            _firstSeen.TryRemove(gone, out _);
        }

        if (current is null)
        {
            return;
        }

        foreach (var pod in _pods.Store.ByIndex(NodeNameIndex, name))
        {
            _queue.Add(ObjectKeys.Of(pod));
        }
    }

    private void PodChanged(V1Pod? old, V1Pod current)
    {
        if (string.IsNullOrEmpty(current.Spec?.NodeName))
        {
            return;
        }

        // Status updates are most of a pod's changes and cannot change the decision.
        if (old is not null && old.Spec?.NodeName == current.Spec.NodeName && SameTolerations(old.Spec?.Tolerations, current.Spec.Tolerations))
        {
            return;
        }

        _queue.Add(ObjectKeys.Of(current));
    }

    private static bool SameTolerations(IList<V1Toleration>? a, IList<V1Toleration>? b)
    {
        if (a is null || b is null)
        {
            return (a?.Count ?? 0) == (b?.Count ?? 0);
        }

        return a.Count == b.Count && a.Zip(b).All(pair =>
            pair.First.Key == pair.Second.Key && pair.First.OperatorProperty == pair.Second.OperatorProperty && pair.First.Value == pair.Second.Value
            && pair.First.Effect == pair.Second.Effect && pair.First.TolerationSeconds == pair.Second.TolerationSeconds);
    }

    private sealed class PodEvents(TaintManager manager) : IResourceEventHandler<V1Pod>
    {
        public void OnAdd(V1Pod item) => manager.PodChanged(null, item);

        public void OnUpdate(V1Pod old, V1Pod current) => manager.PodChanged(old, current);

        public void OnDelete(V1Pod item)
        {
        }
    }

    private sealed class NodeEvents(TaintManager manager) : IResourceEventHandler<V1Node>
    {
        public void OnAdd(V1Node item) => manager.NodeChanged(null, item);

        public void OnUpdate(V1Node old, V1Node current) => manager.NodeChanged(old, current);

        public void OnDelete(V1Node item) => manager.NodeChanged(item, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "taint eviction controller: deleting pod {Pod} from node {Node}")]
    private partial void LogEvicting(string pod, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "taint eviction controller: syncing pod {Pod} failed: {Reason}")]
    private partial void LogFailed(string pod, string reason);
}
