namespace KubeSharp.Client.WorkQueue;

/// <summary>
/// client-go's rate-limited work queue: an item waits in the queue at most once however often it is
/// added; an item being processed is never handed out again until <see cref="Done"/>, and if it was
/// added meanwhile it goes back in then; delayed and rate-limited adds wait on the clock.
/// </summary>
public sealed class RateLimitingQueue<T> : IDisposable
    where T : notnull
{
    private readonly IRateLimiter<T> _limiter;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty = [];
    private readonly HashSet<T> _processing = [];
    private readonly Dictionary<T, (ITimer Timer, DateTimeOffset ReadyAt)> _waiting = [];
    private readonly SemaphoreSlim _available = new(0);
    private bool _shuttingDown;

    public RateLimitingQueue(IRateLimiter<T> limiter, TimeProvider time)
    {
        _limiter = limiter;
        _time = time;
    }

    /// <summary>Items waiting to be handed out (not counting delayed ones).</summary>
    public int Length
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    public void Add(T item)
    {
        lock (_lock)
        {
            if (_shuttingDown || !_dirty.Add(item) || _processing.Contains(item))
            {
                // Already waiting, or being processed: Done puts it back.
                return;
            }

            _queue.Enqueue(item);
        }

        _available.Release();
    }

    /// <summary>Adds the item once <paramref name="delay"/> has passed; an earlier pending add wins.</summary>
    public void AddAfter(T item, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(item);
            return;
        }

        lock (_lock)
        {
            if (_shuttingDown)
            {
                return;
            }

            var readyAt = _time.GetUtcNow() + delay;
            if (_waiting.TryGetValue(item, out var pending))
            {
                if (pending.ReadyAt <= readyAt)
                {
                    return;
                }

                pending.Timer.Dispose();
            }

            var timer = _time.CreateTimer(_ => Release(item), null, delay, Timeout.InfiniteTimeSpan);
            _waiting[item] = (timer, readyAt);
        }
    }

    /// <summary>Adds the item after the rate limiter's delay for it (a retry after a failure).</summary>
    public void AddRateLimited(T item) => AddAfter(item, _limiter.When(item));

    /// <summary>The item succeeded: its retry history is dropped.</summary>
    public void Forget(T item) => _limiter.Forget(item);

    public int NumRequeues(T item) => _limiter.NumRequeues(item);

    /// <summary>The next item to process, or Shutdown once the queue is shut down and empty.</summary>
    public async Task<(T Item, bool Shutdown)> GetAsync(CancellationToken cancellationToken)
    {
        await _available.WaitAsync(cancellationToken);
        lock (_lock)
        {
            if (_queue.Count == 0)
            {
                // Only a shutdown releases without an item.
                _available.Release();
                return (default!, true);
            }

            var item = _queue.Dequeue();
            _processing.Add(item);
            _dirty.Remove(item);
            return (item, false);
        }
    }

    /// <summary>Processing of the item finished; if it was added meanwhile it is queued again.</summary>
    public void Done(T item)
    {
        lock (_lock)
        {
            _processing.Remove(item);
            if (!_dirty.Contains(item))
            {
                return;
            }

            _queue.Enqueue(item);
        }

        _available.Release();
    }

    /// <summary>No more items are accepted; workers drain what is queued, then get Shutdown.</summary>
    public void ShutDown()
    {
        lock (_lock)
        {
            _shuttingDown = true;
            foreach (var (timer, _) in _waiting.Values)
            {
                timer.Dispose();
            }

            _waiting.Clear();
        }

        _available.Release();
    }

    public void Dispose()
    {
        ShutDown();
        _available.Dispose();
    }

    private void Release(T item)
    {
        lock (_lock)
        {
            if (!_waiting.Remove(item, out var pending))
            {
                return;
            }

            pending.Timer.Dispose();
        }

        Add(item);
    }
}
