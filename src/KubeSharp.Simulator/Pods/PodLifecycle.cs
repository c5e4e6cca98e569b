using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Client.Informers;
using KubeSharp.Simulator.Addresses;
using KubeSharp.Simulator.Nodes;
using KubeSharp.Simulator.Work;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Simulator.Pods;

/// <summary>
/// The fake kubelet's pod work for every simulated node. A pod bound to one of them is made Running
/// after the start delay (IPs, conditions, container statuses); one with an exit plan then ends
/// Succeeded or Failed; one being deleted is removed for real once its grace period (capped by
/// MaxGrace) has passed since the simulator saw the deletion. Event handlers only work out when the
/// pod next needs something and schedule it; <see cref="SyncAsync"/> runs then, deciding again from
/// the cache, so repeated or stale schedules do no harm.
/// </summary>
internal sealed partial class PodLifecycle : IResourceEventHandler<V1Pod>
{
    /// <summary>The pod informer's index of pods by spec.nodeName.</summary>
    public const string NodeIndex = "node";

    // A node whose pod range is full is tried again this much later.
    private static readonly TimeSpan NoAddressRetry = TimeSpan.FromSeconds(10);

    private readonly IKubernetes _client;
    private readonly SimulatorOptions _options;
    private readonly IReadOnlyDictionary<string, SimulatedNode> _nodes;
    private readonly Indexer<V1Pod> _cache;
    private readonly PodIpAllocator _ips;
    private readonly DueQueue<WorkItem> _due;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, TrackedPod> _tracked = new(StringComparer.Ordinal);

    public PodLifecycle(
        IKubernetes client,
        SimulatorOptions options,
        IReadOnlyDictionary<string, SimulatedNode> nodes,
        Indexer<V1Pod> cache,
        PodIpAllocator ips,
        DueQueue<WorkItem> due,
        TimeProvider time,
        ILogger logger)
    {
        _client = client;
        _options = options;
        _nodes = nodes;
        _cache = cache;
        _ips = ips;
        _due = due;
        _time = time;
        _logger = logger;
    }

    /// <summary>Pods on simulated nodes the simulator is keeping track of.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _tracked.Count;
            }
        }
    }

    public void OnAdd(V1Pod item) => Observe(item);

    public void OnUpdate(V1Pod old, V1Pod current) => Observe(current);

    public void OnDelete(V1Pod item)
    {
        var key = ObjectKeys.Of(item);
        lock (_lock)
        {
            if (_tracked.Remove(key, out var state))
            {
                ReleaseIp(state);
            }
        }

        _due.Cancel(WorkItem.Pod(key));
    }

    /// <summary>Looks at every pod of a node again (its kubelet came back).</summary>
    public void Resync(string nodeName)
    {
        foreach (var pod in _cache.ByIndex(NodeIndex, nodeName))
        {
            Observe(pod);
        }
    }

    public async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var pod = _cache.Get(key);
        if (pod?.Spec?.NodeName is not { } nodeName || !_nodes.TryGetValue(nodeName, out var node) || !node.IsAlive)
        {
            // Gone, not ours, or its kubelet is stopped (which leaves pods as they are; resuming looks again).
            return;
        }

        var now = _time.GetUtcNow();
        TrackedPod state;
        DateTimeOffset? due;
        lock (_lock)
        {
            state = Track(key, pod, now);
            due = NextDue(pod, state);
        }

        if (due is not { } at)
        {
            return;
        }

        if (at > now)
        {
            _due.Schedule(WorkItem.Pod(key), at);
            return;
        }

        if (state.DeletionSeenAt is not null)
        {
            await DeleteAsync(pod, state, cancellationToken);
        }
        else if (!IsRunning(pod))
        {
            await StartAsync(key, pod, node, state, now, cancellationToken);
        }
        else if (PodExitPlan.Of(pod) is { } plan)
        {
            await FinishAsync(pod, state, plan, now, cancellationToken);
        }
    }

    private void Observe(V1Pod pod)
    {
        if (pod.Spec?.NodeName is not { } nodeName || !_nodes.TryGetValue(nodeName, out var node) || !node.IsAlive)
        {
            return;
        }

        var key = ObjectKeys.Of(pod);
        DateTimeOffset? due;
        lock (_lock)
        {
            due = NextDue(pod, Track(key, pod, _time.GetUtcNow()));
        }

        if (due is { } at)
        {
            _due.Schedule(WorkItem.Pod(key), at);
        }
    }

    /// <summary>The pod's state, started afresh for a pod not seen before or replaced under the same name (under the lock).</summary>
    private TrackedPod Track(string key, V1Pod pod, DateTimeOffset now)
    {
        if (!_tracked.TryGetValue(key, out var state) || state.Uid != pod.Metadata.Uid)
        {
            if (state is not null)
            {
                ReleaseIp(state);
            }

            state = new TrackedPod(pod.Metadata.Uid, now);
            if (IsRunning(pod))
            {
                // Already running (the simulator restarted): keep its start time and address.
                state.RunningAt = pod.Status.StartTime is { } started ? Timestamps.FromApi(started) : now;
                if (pod.Spec.HostNetwork != true && pod.Status.PodIP is { Length: > 0 } ip && _ips.Reserve(ip))
                {
                    state.Ip = ip;
                }
            }

            _tracked[key] = state;
        }

        if (pod.Metadata.DeletionTimestamp is not null)
        {
            state.DeletionSeenAt ??= now;
        }

        if (IsFinished(pod))
        {
            // A finished pod's address is free again (its status still shows it, as upstream).
            ReleaseIp(state);
        }

        return state;
    }

    /// <summary>When the pod next needs the kubelet, or null if it does not (under the lock).</summary>
    private DateTimeOffset? NextDue(V1Pod pod, TrackedPod state)
    {
        if (state.DeleteSent)
        {
            return null;
        }

        if (state.DeletionSeenAt is { } deletionSeen)
        {
            return deletionSeen + Grace(pod);
        }

        if (IsFinished(pod))
        {
            return null;
        }

        if (!IsRunning(pod))
        {
            // Once the Running status is posted, wait for the cache to show it rather than post again.
            return state.RunningAt is null ? state.SeenAt + _options.PodStartDelay : null;
        }

        return PodExitPlan.Of(pod) is { } plan ? (state.RunningAt ?? state.SeenAt) + plan.RunFor : null;
    }

    private TimeSpan Grace(V1Pod pod)
    {
        var grace = TimeSpan.FromSeconds(Math.Max(0, pod.Metadata.DeletionGracePeriodSeconds ?? 0));
        return _options.MaxGrace is { } max && max < grace ? max : grace;
    }

    private async Task StartAsync(string key, V1Pod pod, SimulatedNode node, TrackedPod state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        string? podIp;
        if (pod.Spec.HostNetwork == true)
        {
            podIp = node.InternalIp;
        }
        else
        {
            lock (_lock)
            {
                if (!_tracked.TryGetValue(key, out var tracked) || !ReferenceEquals(tracked, state))
                {
                    // Deleted or replaced meanwhile: it must not take an address it would never give back.
                    return;
                }

                state.Ip ??= _ips.Allocate(node.PodCidr);
                podIp = state.Ip;
            }

            if (podIp is null)
            {
                LogNoAddress(key, node.PodCidr ?? _options.PodCidr);
                _due.Schedule(WorkItem.Pod(key), now + NoAddressRetry);
                return;
            }
        }

        try
        {
            await _client.CoreV1.PatchNamespacedPodStatusAsync(
                new V1Patch(PodStatuses.RunningPatch(pod, node.InternalIp, podIp, now), V1Patch.PatchType.MergePatch),
                pod.Metadata.Name,
                pod.Metadata.NamespaceProperty,
                cancellationToken: cancellationToken);
        }
        catch (HttpOperationException error) when (ApiFailures.IsNotFound(error))
        {
            // Deleted meanwhile; its delete event releases the address.
            return;
        }

        DateTimeOffset? finishAt;
        lock (_lock)
        {
            state.RunningAt = now;
            finishAt = PodExitPlan.Of(pod) is { } plan ? now + plan.RunFor : null;
        }

        LogStarted(key, node.Name, podIp);
        if (finishAt is { } at)
        {
            _due.Schedule(WorkItem.Pod(key), at);
        }
    }

    private async Task FinishAsync(V1Pod pod, TrackedPod state, PodExitPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await _client.CoreV1.PatchNamespacedPodStatusAsync(
                new V1Patch(PodStatuses.TerminatedPatch(pod, plan.ExitCode, now), V1Patch.PatchType.MergePatch),
                pod.Metadata.Name,
                pod.Metadata.NamespaceProperty,
                cancellationToken: cancellationToken);
        }
        catch (HttpOperationException error) when (ApiFailures.IsNotFound(error))
        {
            return;
        }

        lock (_lock)
        {
            ReleaseIp(state);
        }
    }

    /// <summary>kubelet's last word on a terminated pod: delete it now, but only the pod it saw (uid precondition).</summary>
    private async Task DeleteAsync(V1Pod pod, TrackedPod state, CancellationToken cancellationToken)
    {
        try
        {
            await _client.CoreV1.DeleteNamespacedPodAsync(
                pod.Metadata.Name,
                pod.Metadata.NamespaceProperty,
                new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } },
                gracePeriodSeconds: 0,
                cancellationToken: cancellationToken);
        }
        catch (HttpOperationException error) when (ApiFailures.IsNotFound(error) || ApiFailures.IsConflict(error))
        {
            // Already gone, or the name now belongs to a new pod.
        }

        lock (_lock)
        {
            state.DeleteSent = true;
        }
    }

    /// <summary>Gives the pod's address back (under the lock).</summary>
    private void ReleaseIp(TrackedPod state)
    {
        if (state.Ip is { } ip)
        {
            _ips.Release(ip);
            state.Ip = null;
        }
    }

    private static bool IsRunning(V1Pod pod) => pod.Status?.Phase == "Running";

    private static bool IsFinished(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    [LoggerMessage(Level = LogLevel.Debug, Message = "pod {Pod} running on {Node} with IP {Ip}")]
    private partial void LogStarted(string pod, string node, string ip);

    [LoggerMessage(Level = LogLevel.Warning, Message = "no free pod IP in {Cidr} for pod {Pod}; trying again later")]
    private partial void LogNoAddress(string pod, string cidr);
}
