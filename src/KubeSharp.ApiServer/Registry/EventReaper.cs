using System.Globalization;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Storage;
using KubeSharp.ApiServer.Watch;
using Microsoft.Extensions.Logging;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// Events live for --event-ttl (default 1 h) after their last occurrence, as upstream keeps them
/// under an etcd lease. Sweeps both event APIs on a timer and deletes what has expired.
/// </summary>
internal sealed partial class EventReaper : IAsyncDisposable
{
    private readonly IReadOnlyList<ResourceCache> _caches;
    private readonly ObjectStore _store;
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _stopping = new();
    private int _running;

    public EventReaper(IReadOnlyList<ResourceCache> caches, ObjectStore store, TimeSpan ttl, TimeProvider time, ILogger logger)
    {
        _caches = caches;
        _store = store;
        _ttl = ttl;
        _time = time;
        _logger = logger;
        var interval = ttl < TimeSpan.FromMinutes(1) ? ttl : TimeSpan.FromMinutes(1);
        _timer = time.CreateTimer(_ => _ = SweepAsync(), null, interval, interval);
    }

    public async Task SweepAsync()
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            return;
        }

        try
        {
            var now = _time.GetUtcNow();
            foreach (var cache in _caches)
            {
                foreach (var cached in cache.Snapshot(cache.Resource.StoragePrefix).Items)
                {
                    var item = cached.Parse();
                    var last = item.GetString("lastTimestamp") ?? item.GetString("series.lastObservedTime") ?? item.GetString("eventTime")
                        ?? item.GetString("deprecatedLastTimestamp") ?? item.GetString("metadata.creationTimestamp");
                    if (last is null || !DateTimeOffset.TryParse(last, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) || now - at < _ttl)
                    {
                        continue;
                    }

                    try
                    {
                        await _store.DeleteAsync(cache.Resource, cached.Namespace, cached.Name, cached.Revision, _stopping.Token);
                    }
                    catch (Api.Errors.ApiException)
                    {
                        // Gone or changed meanwhile: the next sweep looks again.
                    }
                }
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogSweepFailed(error);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        await _stopping.CancelAsync();
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "apiserver: sweeping expired events failed")]
    private partial void LogSweepFailed(Exception error);
}
