using System.Threading.Channels;

namespace KubeSharp.Storage.Watch;

/// <summary>
/// In-process watch fan-out for the embedded backends. Writers publish under one lock and never
/// wait: each watcher has a bounded buffer, and one that falls behind is cut off with a reason.
/// A watch from an old revision replays history first, then switches to the live stream without
/// a gap or a duplicate.
/// </summary>
internal sealed class WatchHub : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<Watcher> _watchers = [];
    private readonly int _bufferSize;
    private readonly ITimer _progressTimer;
    private long _revision;
    private bool _disposed;

    public WatchHub(long revision, StorageOptions options)
    {
        _revision = revision;
        _bufferSize = options.WatchBufferSize;
        _progressTimer = options.TimeProvider.CreateTimer(_ => NotifyProgress(), null, options.ProgressInterval, options.ProgressInterval);
    }

    /// <summary>Every change up to this revision has been published.</summary>
    public long Revision => Volatile.Read(ref _revision);

    public ChannelReader<WatchEvent> Watch(string prefix, long fromRevision, WatchHistoryReader history, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(_bufferSize)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        Watcher watcher;
        long replayTo;
        lock (_lock)
        {
            if (_disposed)
            {
                channel.Writer.TryComplete(new WatchClosedException("the store is closed"));
                return channel.Reader;
            }

            replayTo = _revision;
            watcher = new Watcher(prefix, channel.Writer, replaying: fromRevision > 0 && fromRevision <= replayTo);
            _watchers.Add(watcher);
        }

        cancellationToken.Register(() => Close(watcher, null));
        if (watcher.Replaying)
        {
            _ = ReplayAsync(watcher, history, fromRevision, replayTo, cancellationToken);
        }

        return channel.Reader;
    }

    /// <summary>Publishes committed changes (in revision order) and advances the revision; never blocks.</summary>
    public void Publish(IReadOnlyList<WatchEvent> events, long revision)
    {
        lock (_lock)
        {
            _revision = revision;
            for (var i = _watchers.Count - 1; i >= 0; i--)
            {
                var watcher = _watchers[i];
                foreach (var change in events)
                {
                    if (change.Key.StartsWith(watcher.Prefix, StringComparison.Ordinal) && !Deliver(watcher, change))
                    {
                        break;
                    }
                }
            }
        }
    }

    public void Dispose()
    {
        _progressTimer.Dispose();
        lock (_lock)
        {
            _disposed = true;
            foreach (var watcher in _watchers.ToArray())
            {
                CloseLocked(watcher, new WatchClosedException("the store is closed"));
            }
        }
    }

    /// <summary>Tells every live watcher how far the store has got, whether or not it was idle.</summary>
    public void RequestProgress() => NotifyProgress(force: true);

    private void NotifyProgress(bool force = false)
    {
        lock (_lock)
        {
            var progress = WatchEvent.ProgressAt(_revision);
            foreach (var watcher in _watchers)
            {
                if (!watcher.Replaying && (force || !watcher.SentSinceLastTick))
                {
                    // A full buffer skips the notification; the next change cuts the watcher off.
                    watcher.Writer.TryWrite(progress);
                }

                watcher.SentSinceLastTick = false;
            }
        }
    }

    // Called under _lock. Returns false if the watcher was cut off.
    private bool Deliver(Watcher watcher, WatchEvent change)
    {
        watcher.SentSinceLastTick = true;
        if (watcher.Replaying)
        {
            watcher.Pending.Enqueue(change);
            if (watcher.Pending.Count <= _bufferSize)
            {
                return true;
            }
        }
        else if (watcher.Writer.TryWrite(change))
        {
            return true;
        }

        CloseLocked(watcher, new WatchClosedException(
            $"the watcher fell more than {_bufferSize} events behind; it was cut off so that writers are never blocked"));
        return false;
    }

    private async Task ReplayAsync(Watcher watcher, WatchHistoryReader history, long fromRevision, long toRevision, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in history(watcher.Prefix, fromRevision, toRevision, cancellationToken))
            {
                await watcher.Writer.WriteAsync(change, cancellationToken);
            }

            while (true)
            {
                WatchEvent[] pending;
                lock (_lock)
                {
                    if (watcher.Pending.Count == 0)
                    {
                        watcher.Replaying = false;
                        return;
                    }

                    pending = [.. watcher.Pending];
                    watcher.Pending.Clear();
                }

                foreach (var change in pending)
                {
                    await watcher.Writer.WriteAsync(change, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Close(watcher, null);
        }
        catch (ChannelClosedException)
        {
            // Already closed (cut off or cancelled) while replaying.
        }
        catch (Exception error)
        {
            Close(watcher, error);
        }
    }

    private void Close(Watcher watcher, Exception? error)
    {
        lock (_lock)
        {
            CloseLocked(watcher, error);
        }
    }

    private void CloseLocked(Watcher watcher, Exception? error)
    {
        _watchers.Remove(watcher);
        watcher.Pending.Clear();
        watcher.Writer.TryComplete(error);
    }

    private sealed class Watcher(string prefix, ChannelWriter<WatchEvent> writer, bool replaying)
    {
        public string Prefix { get; } = prefix;

        public ChannelWriter<WatchEvent> Writer { get; } = writer;

        /// <summary>Live changes held back while history is still being replayed.</summary>
        public Queue<WatchEvent> Pending { get; } = new();

        public bool Replaying { get; set; } = replaying;

        public bool SentSinceLastTick { get; set; }
    }
}
