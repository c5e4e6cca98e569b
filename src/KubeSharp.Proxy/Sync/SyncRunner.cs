namespace KubeSharp.Proxy.Sync;

/// <summary>
/// When syncs run (upstream's BoundedFrequencyRunner): a request runs one at once if the last
/// sync started at least the minimum interval ago, else when that interval is over, so a burst of
/// changes is one sync; without requests a sync still runs every maximum interval. Syncs never
/// overlap: a request during one is served after it. A failed sync counts as a request, so it is
/// retried after the minimum interval.
/// </summary>
internal sealed class SyncRunner : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task<bool>> _sync;
    private readonly TimeSpan _minInterval;
    private readonly TimeSpan _maxInterval;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private bool _started;
    private bool _stopped;
    private bool _requested;
    private bool _running;
    private DateTimeOffset? _lastStart;
    private DateTimeOffset? _nextRunAt;
    private Task _current = Task.CompletedTask;

    /// <param name="sync">One sync; returns false (or throws) when it failed.</param>
    /// <param name="minInterval">The shortest time between the starts of two syncs.</param>
    /// <param name="maxInterval">The longest time between the starts of two syncs.</param>
    /// <param name="time">The clock and timers.</param>
    public SyncRunner(Func<CancellationToken, Task<bool>> sync, TimeSpan minInterval, TimeSpan maxInterval, TimeProvider time)
    {
        _sync = sync;
        _minInterval = minInterval;
        _maxInterval = maxInterval;
        _time = time;
        _timer = time.CreateTimer(_ => Schedule(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Whether a sync is running now.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_lock)
            {
                return _running;
            }
        }
    }

    /// <summary>When the timer will start the next sync; null while one runs (or before the start).</summary>
    public DateTimeOffset? NextRunAt
    {
        get
        {
            lock (_lock)
            {
                return _nextRunAt;
            }
        }
    }

    /// <summary>Runs the first sync now; requests before this only mark that one is wanted.</summary>
    public void Start()
    {
        lock (_lock)
        {
            _started = true;
            ScheduleLocked();
        }
    }

    /// <summary>Asks for a sync: now, or as soon as the minimum interval allows.</summary>
    public void Request()
    {
        lock (_lock)
        {
            _requested = true;
            ScheduleLocked();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task current;
        lock (_lock)
        {
            _stopped = true;
            _nextRunAt = null;
            current = _current;
        }

        await _timer.DisposeAsync();
        await _stopping.CancelAsync();
        await current.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private void Schedule()
    {
        lock (_lock)
        {
            ScheduleLocked();
        }
    }

    /// <summary>Starts a sync if one is due, else sets the timer for when it will be.</summary>
    private void ScheduleLocked()
    {
        if (!_started || _stopped || _running)
        {
            // Not yet, not any more, or looked at again when the running sync ends.
            return;
        }

        var now = _time.GetUtcNow();
        var due = _lastStart is not { } last ? now : last + (_requested ? _minInterval : _maxInterval);
        if (due > now)
        {
            _nextRunAt = due;
            _timer.Change(due - now, Timeout.InfiniteTimeSpan);
            return;
        }

        _running = true;
        _requested = false;
        _lastStart = now;
        _nextRunAt = null;
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _current = Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        bool succeeded;
        try
        {
            succeeded = await _sync(_stopping.Token);
        }
        catch (Exception)
        {
            // The sync logs its own failures.
            succeeded = false;
        }

        lock (_lock)
        {
            _running = false;
            _requested |= !succeeded;
            ScheduleLocked();
        }
    }
}
