namespace KubeSharp.Simulator.Work;

/// <summary>
/// A time-ordered queue: each item has at most one pending due time (a new schedule replaces the
/// old), and one timer on the clock wakes for the earliest. Thousands of pods and heartbeats cost a
/// heap entry each rather than a timer or a sleeping task each. Due items go to <c>onDue</c>, which
/// must be quick (it hands them to the work queue).
/// </summary>
internal sealed class DueQueue<T> : IDisposable
    where T : notnull
{
    // A timer never armed for less, so a due time a hair in the future is not a zero-delay (synchronous on some clocks) fire under the lock.
    private static readonly TimeSpan MinimumDelay = TimeSpan.FromMilliseconds(1);

    private readonly TimeProvider _time;
    private readonly Action<T> _onDue;
    private readonly Lock _lock = new();
    private readonly PriorityQueue<T, DateTimeOffset> _heap = new();
    private readonly Dictionary<T, DateTimeOffset> _pending = [];
    private readonly ITimer _timer;
    private DateTimeOffset? _armedFor;
    private bool _disposed;

    public DueQueue(TimeProvider time, Action<T> onDue)
    {
        _time = time;
        _onDue = onDue;
        _timer = time.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Items waiting for their time.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Hands the item on at <paramref name="due"/> (at once if that has passed), replacing any pending schedule of it.</summary>
    public void Schedule(T item, DateTimeOffset due)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            if (due > _time.GetUtcNow())
            {
                if (_pending.TryGetValue(item, out var existing) && existing == due)
                {
                    return;
                }

                _pending[item] = due;
                _heap.Enqueue(item, due);
                Arm();
                return;
            }

            _pending.Remove(item);
        }

        _onDue(item);
    }

    /// <summary>Drops the item's pending schedule, if any (its heap entry is skipped when reached).</summary>
    public void Cancel(T item)
    {
        lock (_lock)
        {
            _pending.Remove(item);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _pending.Clear();
            _heap.Clear();
        }

        _timer.Dispose();
    }

    private void Fire()
    {
        var due = new List<T>();
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _armedFor = null;
            var now = _time.GetUtcNow();
            while (_heap.TryPeek(out var item, out var at) && at <= now)
            {
                _heap.Dequeue();
                if (_pending.TryGetValue(item, out var current) && current == at)
                {
                    _pending.Remove(item);
                    due.Add(item);
                }
            }

            Arm();
        }

        foreach (var item in due)
        {
            _onDue(item);
        }
    }

    /// <summary>Arms the timer for the earliest live entry (under the lock).</summary>
    private void Arm()
    {
        // Entries that were cancelled or moved are dropped when they reach the top, so the timer never wakes for them.
        while (_heap.TryPeek(out var stale, out var at) && (!_pending.TryGetValue(stale, out var current) || current != at))
        {
            _heap.Dequeue();
        }

        if (!_heap.TryPeek(out _, out var next))
        {
            return;
        }

        if (_armedFor is { } armed && armed <= next)
        {
            // Already waking no later than needed; that wake re-arms.
            return;
        }

        var delay = next - _time.GetUtcNow();
        _timer.Change(delay > MinimumDelay ? delay : MinimumDelay, Timeout.InfiniteTimeSpan);
        _armedFor = next;
    }
}
