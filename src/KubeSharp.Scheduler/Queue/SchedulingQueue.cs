using k8s;
using k8s.Models;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Queue;

/// <summary>
/// upstream's PriorityQueue: an active queue in the queue-sort plugin's order (priority, then age),
/// a backoff queue of pods that failed recently (1 s doubling to 10 s by default), and a set of
/// unschedulable pods that wait for a cluster event one of their rejecting plugins cares about
/// (or 5 minutes). A pod is in at most one of the three.
/// </summary>
internal sealed class SchedulingQueue : IDisposable
{
    /// <summary>podMaxInUnschedulablePodsDuration: after this an unschedulable pod is retried anyway.</summary>
    public static readonly TimeSpan MaxInUnschedulable = TimeSpan.FromMinutes(5);

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _initialBackoff;
    private readonly TimeSpan _maxBackoff;
    private readonly Func<PodInfo, Status> _preEnqueue;
    private readonly Func<string, IReadOnlyList<ClusterEvent>?> _eventsOfPlugin;
    private readonly SortedSet<QueuedPodInfo> _active;
    private readonly SortedSet<QueuedPodInfo> _backoff;
    private readonly Dictionary<string, QueuedPodInfo> _activeByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueuedPodInfo> _backoffByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueuedPodInfo> _unschedulable = new(StringComparer.Ordinal);
    private readonly ITimer _flushTimer;
    private TaskCompletionSource _available = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sequence;
    private long _moveRequestCycle = -1;
    private DateTimeOffset _lastLeftoverFlush;
    private bool _closed;

    public SchedulingQueue(Func<QueuedPodInfo, QueuedPodInfo, bool> less, TimeProvider time, TimeSpan initialBackoff, TimeSpan maxBackoff, Func<PodInfo, Status> preEnqueue, Func<string, IReadOnlyList<ClusterEvent>?> eventsOfPlugin, Nominator nominator)
    {
        Nominator = nominator;
        _time = time;
        _initialBackoff = initialBackoff;
        _maxBackoff = maxBackoff;
        _preEnqueue = preEnqueue;
        _eventsOfPlugin = eventsOfPlugin;
        _active = new SortedSet<QueuedPodInfo>(Comparer<QueuedPodInfo>.Create((a, b) =>
            less(a, b) ? -1 : less(b, a) ? 1 : a.Sequence.CompareTo(b.Sequence)));
        _backoff = new SortedSet<QueuedPodInfo>(Comparer<QueuedPodInfo>.Create((a, b) =>
        {
            var byTime = BackoffExpiry(a).CompareTo(BackoffExpiry(b));
            return byTime != 0 ? byTime : a.Sequence.CompareTo(b.Sequence);
        }));
        _lastLeftoverFlush = time.GetUtcNow();
        _flushTimer = time.CreateTimer(_ => Flush(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public Nominator Nominator { get; }

    /// <summary>Increases on every pop; failures compare it with the last move request.</summary>
    public long SchedulingCycle { get; private set; }

    public (int Active, int Backoff, int Unschedulable) Counts
    {
        get
        {
            lock (_lock)
            {
                return (_active.Count, _backoff.Count, _unschedulable.Count);
            }
        }
    }

    /// <summary>A new pending pod.</summary>
    public void Add(V1Pod pod)
    {
        var info = new PodInfo(pod);
        Nominator.Add(info);
        lock (_lock)
        {
            if (_activeByKey.ContainsKey(info.Key) || _backoffByKey.ContainsKey(info.Key) || _unschedulable.ContainsKey(info.Key))
            {
                UpdateLocked(info);
                return;
            }

            AddToActiveOrGatedLocked(new QueuedPodInfo(info, _time.GetUtcNow()));
        }
    }

    /// <summary>A pending pod changed: refresh it where it waits; move it out of unschedulable if its spec or labels changed.</summary>
    public void Update(V1Pod old, V1Pod pod)
    {
        var info = new PodInfo(pod);
        Nominator.Add(info);
        lock (_lock)
        {
            if (_unschedulable.TryGetValue(info.Key, out var waiting))
            {
                if (!SchedulingRelevantChange(old, pod))
                {
                    waiting.PodInfo = info;
                    return;
                }

                _unschedulable.Remove(info.Key);
                waiting.PodInfo = info;
                if (waiting.Gated)
                {
                    AddToActiveOrGatedLocked(waiting);
                }
                else if (IsBackingOff(waiting))
                {
                    AddBackoffLocked(waiting);
                }
                else
                {
                    AddActiveLocked(waiting);
                }

                return;
            }

            if (!UpdateLocked(info))
            {
                // Not queued (e.g. being scheduled right now): queue it again; a pod that gets
                // assumed meanwhile is skipped when popped.
                AddToActiveOrGatedLocked(new QueuedPodInfo(info, _time.GetUtcNow()));
            }
        }
    }

    public void Delete(V1Pod pod)
    {
        var key = $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
        Nominator.Remove(key);
        lock (_lock)
        {
            if (_activeByKey.Remove(key, out var active))
            {
                _active.Remove(active);
            }

            if (_backoffByKey.Remove(key, out var backingOff))
            {
                _backoff.Remove(backingOff);
            }

            _unschedulable.Remove(key);
        }
    }

    /// <summary>Waits for the highest-priority active pod; null once the queue is closed.</summary>
    public async Task<QueuedPodInfo?> PopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            lock (_lock)
            {
                if (_closed)
                {
                    return null;
                }

                if (_active.Count > 0)
                {
                    var first = _active.Min!;
                    _active.Remove(first);
                    _activeByKey.Remove(first.PodInfo.Key);
                    first.Attempts++;
                    first.InitialAttemptTimestamp ??= _time.GetUtcNow();
                    SchedulingCycle++;
                    return first;
                }

                signal = _available.Task;
            }

            await signal.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Puts a pod back after a failed attempt: to backoff if it failed with an error or a move request
    /// came while it was being scheduled (the event might have helped it), else to unschedulable.
    /// </summary>
    public void AddUnschedulableIfNotPresent(QueuedPodInfo pod, long podSchedulingCycle)
    {
        lock (_lock)
        {
            var key = pod.PodInfo.Key;
            if (_activeByKey.ContainsKey(key) || _backoffByKey.ContainsKey(key) || _unschedulable.ContainsKey(key))
            {
                return;
            }

            pod.Timestamp = _time.GetUtcNow();
            if (pod.FailedWithError || _moveRequestCycle >= podSchedulingCycle)
            {
                AddBackoffLocked(pod);
            }
            else
            {
                _unschedulable[key] = pod;
            }
        }
    }

    /// <summary>A cluster event happened: retry the unschedulable pods whose rejecting plugins registered for it.</summary>
    public void MoveAllToActiveOrBackoffQueue(ClusterEvent happened)
    {
        lock (_lock)
        {
            var moved = new List<QueuedPodInfo>();
            foreach (var pod in _unschedulable.Values)
            {
                if (!pod.Gated && MayHelp(pod, happened))
                {
                    moved.Add(pod);
                }
            }

            foreach (var pod in moved)
            {
                _unschedulable.Remove(pod.PodInfo.Key);
                if (IsBackingOff(pod))
                {
                    AddBackoffLocked(pod);
                }
                else
                {
                    AddActiveLocked(pod);
                }
            }

            _moveRequestCycle = SchedulingCycle;
        }
    }

    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            _available.TrySetResult();
        }
    }

    public void Dispose() => _flushTimer.Dispose();

    /// <summary>Moves pods whose backoff expired to the active queue, and leftovers out of unschedulable.</summary>
    internal void Flush()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            while (_backoff.Count > 0 && BackoffExpiry(_backoff.Min!) <= now)
            {
                var pod = _backoff.Min!;
                _backoff.Remove(pod);
                _backoffByKey.Remove(pod.PodInfo.Key);
                AddActiveLocked(pod);
            }

            if (now - _lastLeftoverFlush < TimeSpan.FromSeconds(30))
            {
                return;
            }

            _lastLeftoverFlush = now;
            foreach (var pod in _unschedulable.Values.Where(pod => !pod.Gated && now - pod.Timestamp > MaxInUnschedulable).ToList())
            {
                _unschedulable.Remove(pod.PodInfo.Key);
                if (IsBackingOff(pod))
                {
                    AddBackoffLocked(pod);
                }
                else
                {
                    AddActiveLocked(pod);
                }
            }
        }
    }

    private bool MayHelp(QueuedPodInfo pod, ClusterEvent happened)
    {
        if (pod.UnschedulablePlugins.Count == 0)
        {
            return true;
        }

        foreach (var plugin in pod.UnschedulablePlugins)
        {
            var events = _eventsOfPlugin(plugin);
            if (events is null || events.Any(registered => registered.Matches(happened)))
            {
                return true;
            }
        }

        return false;
    }

    private bool UpdateLocked(PodInfo info)
    {
        if (_activeByKey.TryGetValue(info.Key, out var active))
        {
            // Priority cannot change on a pod, so the order holds.
            active.PodInfo = info;
            return true;
        }

        if (_backoffByKey.TryGetValue(info.Key, out var backingOff))
        {
            backingOff.PodInfo = info;
            return true;
        }

        return false;
    }

    private void AddToActiveOrGatedLocked(QueuedPodInfo pod)
    {
        var gate = _preEnqueue(pod.PodInfo);
        pod.Gated = !gate.IsSuccess;
        if (pod.Gated)
        {
            pod.UnschedulablePlugins.Clear();
            if (gate.Plugin is { } plugin)
            {
                pod.UnschedulablePlugins.Add(plugin);
            }

            _unschedulable[pod.PodInfo.Key] = pod;
            return;
        }

        AddActiveLocked(pod);
    }

    private void AddActiveLocked(QueuedPodInfo pod)
    {
        pod.Sequence = ++_sequence;
        _active.Add(pod);
        _activeByKey[pod.PodInfo.Key] = pod;
        var signal = _available;
        _available = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        signal.TrySetResult();
    }

    private void AddBackoffLocked(QueuedPodInfo pod)
    {
        pod.Sequence = ++_sequence;
        _backoff.Add(pod);
        _backoffByKey[pod.PodInfo.Key] = pod;
    }

    private bool IsBackingOff(QueuedPodInfo pod) => BackoffExpiry(pod) > _time.GetUtcNow();

    private DateTimeOffset BackoffExpiry(QueuedPodInfo pod) => pod.Timestamp + BackoffDuration(pod.Attempts);

    /// <summary>The initial backoff doubled per attempt after the first, up to the maximum.</summary>
    private TimeSpan BackoffDuration(int attempts)
    {
        var duration = _initialBackoff;
        for (var i = 1; i < attempts; i++)
        {
            duration += duration;
            if (duration >= _maxBackoff)
            {
                return _maxBackoff;
            }
        }

        return duration;
    }

    /// <summary>isPodUpdated: a change other than status, resourceVersion and managed fields.</summary>
    private static bool SchedulingRelevantChange(V1Pod old, V1Pod pod) =>
        Relevant(old) != Relevant(pod);

    private static string Relevant(V1Pod pod) =>
        $"{Json(pod.Metadata.Labels)}\n{Json(pod.Metadata.Annotations)}\n{Json(pod.Spec)}";

    private static string Json(object? value) => value is null ? string.Empty : KubernetesJson.Serialize(value);
}
