using System.Threading.Channels;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry;
using KubeSharp.Storage;
using Microsoft.Extensions.Logging;

namespace KubeSharp.ApiServer.Watch;

/// <summary>
/// The watch cache of one resource, fed by one store watch: the current objects (for lists and
/// gets) and a window of recent events (for watches from a resourceVersion). It is the API's event
/// bus: every API watch of the resource is served from here, never from the store.
/// </summary>
internal sealed partial class ResourceCache : IAsyncDisposable
{
    /// <summary>History kept: at least this many events, and anything younger than <see cref="HistoryAge"/>, up to <see cref="HistoryMax"/>.</summary>
    public const int HistoryMin = 10_000;
    public const int HistoryMax = 200_000;
    public static readonly TimeSpan HistoryAge = TimeSpan.FromMinutes(5);

    private const int WatcherBuffer = 10_000;

    private readonly RegisteredResource _resource;
    private readonly IStorageBackend _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, CachedObject> _objects = new(StringComparer.Ordinal);
    private readonly Queue<(CacheEvent Event, DateTimeOffset At)> _history = new();
    private readonly List<Watcher> _watchers = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _revision;
    private long _oldest;
    private Task _run = Task.CompletedTask;

    public ResourceCache(RegisteredResource resource, IStorageBackend store, TimeProvider time, ILogger logger)
    {
        _resource = resource;
        _store = store;
        _time = time;
        _logger = logger;
    }

    public RegisteredResource Resource => _resource;

    public long Revision
    {
        get
        {
            lock (_lock)
            {
                return _revision;
            }
        }
    }

    public Task Ready => _ready.Task;

    public void Start() => _run = RunAsync(_stopping.Token);

    /// <summary>
    /// Waits until the cache reflects at least <paramref name="revision"/>; with 0, until it reflects
    /// everything the store had acknowledged when called (a consistent read).
    /// </summary>
    public async Task<long> WaitUntilFreshAsync(long revision, CancellationToken cancellationToken)
    {
        await _ready.Task.WaitAsync(cancellationToken);
        if (revision == 0)
        {
            revision = await _store.GetCurrentRevisionAsync(cancellationToken);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        var asked = false;
        while (true)
        {
            Task advanced;
            lock (_lock)
            {
                if (_revision >= revision)
                {
                    return _revision;
                }

                advanced = _advanced.Task;
            }

            if (!asked)
            {
                // Writes elsewhere in the store move its revision without an event here: ask the store to say how far our watch has got.
                _store.RequestProgress();
                asked = true;
            }

            try
            {
                await advanced.WaitAsync(TimeSpan.FromMilliseconds(200), timeout.Token);
            }
            catch (TimeoutException)
            {
                asked = false;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw ApiErrors.Timeout($"Too large resource version: {revision}, current: {Revision}", 1);
            }
        }
    }

    public CachedObject? Get(string key)
    {
        lock (_lock)
        {
            return _objects.GetValueOrDefault(key);
        }
    }

    /// <summary>The objects under <paramref name="prefix"/> in key order, and the revision they are at.</summary>
    public (List<CachedObject> Items, long Revision) Snapshot(string prefix)
    {
        lock (_lock)
        {
            var items = new List<CachedObject>();
            foreach (var (key, item) in _objects)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    items.Add(item);
                }
            }

            return (items, _revision);
        }
    }

    /// <summary>
    /// Events under <paramref name="prefix"/> after <paramref name="afterRevision"/>: replayed from the
    /// history, then live. Too old a revision is a 410 Expired, as upstream.
    /// </summary>
    public ChannelReader<CacheEvent> Watch(string prefix, long afterRevision, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<CacheEvent>(new BoundedChannelOptions(WatcherBuffer) { SingleReader = true, SingleWriter = true });
        Watcher watcher;
        lock (_lock)
        {
            if (afterRevision < _oldest)
            {
                // Older than the cache's window (e.g. a client resuming after a restart): the store's
                // own history may still have it; the store says Compacted if not.
                _ = PumpFromStoreAsync(prefix, afterRevision, channel.Writer, cancellationToken);
                return channel.Reader;
            }

            foreach (var (change, _) in _history)
            {
                if (change.Revision > afterRevision && Matches(change, prefix) && !channel.Writer.TryWrite(change))
                {
                    throw ApiErrors.Expired($"too old resource version: {afterRevision} ({_revision}): too many events to replay");
                }
            }

            watcher = new Watcher(prefix, channel.Writer);
            _watchers.Add(watcher);
        }

        // Registered outside the lock: an already-cancelled token runs the callback at once.
        cancellationToken.Register(() =>
        {
            lock (_lock)
            {
                _watchers.Remove(watcher);
            }

            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }

    private async Task PumpFromStoreAsync(string prefix, long afterRevision, ChannelWriter<CacheEvent> output, CancellationToken watcherGone)
    {
        // Ends with the watcher, or with the cache.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(watcherGone, _stopping.Token);
        var cancellationToken = linked.Token;
        try
        {
            await foreach (var change in _store.Watch(prefix, afterRevision + 1, cancellationToken).ReadAllAsync(cancellationToken))
            {
                await output.WriteAsync(ToCacheEvent(change, change.Previous is { } previous
                    ? CachedObject.From(change.Key, previous.Value, previous.ModRevision, _resource.Strategy)
                    : null), cancellationToken);
            }

            output.TryComplete();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            output.TryComplete();
        }
        catch (CompactedException error)
        {
            output.TryComplete(ApiErrors.Expired($"too old resource version: {afterRevision} ({error.CompactedRevision})"));
        }
        catch (StorageException error)
        {
            // Cut off or closed: the stream ends and the client re-watches.
            LogRelist(_resource.Api.QualifiedPlural, error.Message);
            output.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
        }

        lock (_lock)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryComplete();
            }

            _watchers.Clear();
        }

        _stopping.Dispose();
    }

    private static bool Matches(CacheEvent change, string prefix) =>
        change.Type == WatchEventType.Progress || (change.Object ?? change.Previous)!.Key.StartsWith(prefix, StringComparison.Ordinal);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var from = await ListAsync(cancellationToken);
                _ready.TrySetResult();
                await foreach (var change in _store.Watch(_resource.StoragePrefix, from + 1, cancellationToken).ReadAllAsync(cancellationToken))
                {
                    Apply(change);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (StorageException error)
            {
                // Compacted past us or cut off: start over from a fresh list; watchers re-watch.
                LogRelist(_resource.Api.QualifiedPlural, error.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(100), _time, cancellationToken);
            }
        }
    }

    private async Task<long> ListAsync(CancellationToken cancellationToken)
    {
        var fresh = new List<CachedObject>();
        long revision = 0;
        string? after = null;
        do
        {
            var page = await _store.ListAsync(_resource.StoragePrefix, revision, after, 5000, cancellationToken);
            revision = page.Revision;
            fresh.AddRange(page.Items.Select(kv => CachedObject.From(kv.Key, kv.Value, kv.ModRevision, _resource.Strategy)));
            after = page.More ? page.Items[^1].Key : null;
        }
        while (after is not null);

        lock (_lock)
        {
            _objects.Clear();
            foreach (var item in fresh)
            {
                _objects[item.Key] = item;
            }

            _history.Clear();
            _oldest = revision;
            _revision = revision;
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryComplete();
            }

            _watchers.Clear();
            Advance();
        }

        return revision;
    }

    private void Apply(WatchEvent change)
    {
        var cached = ToCacheEvent(change, previous: null);
        lock (_lock)
        {
            if (cached.Object is { } item)
            {
                var previous = _objects.GetValueOrDefault(item.Key);
                cached = cached with { Previous = previous };
                if (cached.Type == WatchEventType.Deleted)
                {
                    _objects.Remove(item.Key);
                }
                else
                {
                    _objects[item.Key] = item;
                }

                Remember(cached);
            }

            _revision = Math.Max(_revision, change.Revision);
            for (var i = _watchers.Count - 1; i >= 0; i--)
            {
                var watcher = _watchers[i];
                if (Matches(cached, watcher.Prefix) && !watcher.Writer.TryWrite(cached))
                {
                    // Too slow: end its stream; the client re-watches from its last resourceVersion.
                    watcher.Writer.TryComplete();
                    _watchers.RemoveAt(i);
                }
            }

            Advance();
        }
    }

    private CacheEvent ToCacheEvent(WatchEvent change, CachedObject? previous)
    {
        switch (change.Type)
        {
            case WatchEventType.Progress:
                return new CacheEvent(WatchEventType.Progress, change.Revision, null, null);
            case WatchEventType.Deleted:
                // The deleted object, as last stored but at the deletion's revision (what upstream sends).
                return new CacheEvent(WatchEventType.Deleted, change.Revision, CachedObject.From(change.Key, change.Previous!.Value, change.Revision, _resource.Strategy), previous);
            default:
                return new CacheEvent(change.Type, change.Revision, CachedObject.From(change.Key, change.Current!.Value, change.Revision, _resource.Strategy), previous);
        }
    }

    private void Remember(CacheEvent change)
    {
        var now = _time.GetUtcNow();
        _history.Enqueue((change, now));
        while (_history.Count > HistoryMax || (_history.Count > HistoryMin && now - _history.Peek().At > HistoryAge))
        {
            _oldest = _history.Dequeue().Event.Revision;
        }
    }

    private void Advance()
    {
        _advanced.TrySetResult();
        _advanced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "watch cache {Resource}: re-listing ({Reason})")]
    private partial void LogRelist(string resource, string reason);

    private sealed record Watcher(string Prefix, ChannelWriter<CacheEvent> Writer);
}
