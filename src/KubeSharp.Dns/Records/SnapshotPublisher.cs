using Microsoft.Extensions.Logging;

namespace KubeSharp.Dns.Records;

/// <summary>
/// Keeps the current snapshot and rebuilds it after changes, at most every 50 ms so a burst of
/// informer events (a rollout, a re-list) costs one build. Builds run one at a time, each from the
/// stores as they are when it starts, so a change that arrives during a build gets a build after it.
/// </summary>
internal sealed partial class SnapshotPublisher : ISnapshotSource, IDisposable
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(50);

    private readonly Func<uint, ZoneSnapshot> _build;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private readonly Lock _buildLock = new();
    private ZoneSnapshot _current;
    private bool _scheduled;
    private long _lastBuild;

    /// <param name="build">Builds a snapshot from the stores, with the given SOA serial.</param>
    /// <param name="initial">What to serve before the first build.</param>
    /// <param name="time">Time, for the debounce and the serial.</param>
    /// <param name="logger">Where builds are told.</param>
    public SnapshotPublisher(Func<uint, ZoneSnapshot> build, ZoneSnapshot initial, TimeProvider time, ILogger logger)
    {
        _build = build;
        _current = initial;
        _time = time;
        _logger = logger;
        _lastBuild = time.GetTimestamp() - (long)(MinInterval.TotalSeconds * time.TimestampFrequency);
        _timer = time.CreateTimer(_ => Publish(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public ZoneSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Something the zone is built from changed: build again soon.</summary>
    public void Changed()
    {
        TimeSpan wait;
        lock (_lock)
        {
            if (_scheduled)
            {
                return;
            }

            _scheduled = true;
            wait = MinInterval - _time.GetElapsedTime(_lastBuild);
        }

        _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Builds and publishes a snapshot now; a failed build keeps the last one.</summary>
    public void Publish()
    {
        lock (_buildLock)
        {
            lock (_lock)
            {
                _scheduled = false;
                _lastBuild = _time.GetTimestamp();
            }

            try
            {
                var snapshot = _build((uint)_time.GetUtcNow().ToUnixTimeSeconds());
                Volatile.Write(ref _current, snapshot);
                LogPublished(snapshot.Count);
            }
            catch (Exception error)
            {
                LogBuildFailed(error);
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    [LoggerMessage(Level = LogLevel.Debug, Message = "cluster DNS: zone rebuilt with {Names} names")]
    private partial void LogPublished(int names);

    [LoggerMessage(Level = LogLevel.Error, Message = "cluster DNS: rebuilding the zone failed; the previous one is still served")]
    private partial void LogBuildFailed(Exception error);
}
