using Microsoft.Extensions.Logging;

namespace KubeSharp.Storage;

/// <summary>
/// Compacts a store on a timer following a <see cref="CompactionPolicy"/>. It samples the revision
/// at every tick and compacts to the newest sample older than the retention, so history younger
/// than the retention (and the last MinRevisions revisions) always survives.
/// </summary>
public sealed partial class PeriodicCompactor : IAsyncDisposable
{
    private readonly IStorageBackend _store;
    private readonly CompactionPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Queue<(DateTimeOffset At, long Revision)> _samples = new();
    private readonly SemaphoreSlim _running = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _timer;

    public PeriodicCompactor(IStorageBackend store, CompactionPolicy policy, TimeProvider time, ILogger logger)
    {
        policy.Validate();
        _store = store;
        _policy = policy;
        _time = time;
        _logger = logger;
        _timer = time.CreateTimer(_ => _ = TickAsync(), null, policy.Interval, policy.Interval);
    }

    /// <summary>Takes a sample and compacts if the policy allows; returns the revision compacted to, or 0.</summary>
    public async Task<long> TickAsync()
    {
        if (!await _running.WaitAsync(0))
        {
            return 0;
        }

        try
        {
            var token = _stopping.Token;
            var now = _time.GetUtcNow();
            var current = await _store.GetCurrentRevisionAsync(token);
            _samples.Enqueue((now, current));

            long target = 0;
            while (_samples.TryPeek(out var oldest) && now - oldest.At >= _policy.MinRetention)
            {
                target = _samples.Dequeue().Revision;
            }

            target = Math.Min(target, current - _policy.MinRevisions);
            if (target <= 0 || target <= await _store.GetCompactedRevisionAsync(token))
            {
                return 0;
            }

            await _store.CompactAsync(target, token);
            LogCompacted(target, current);
            return target;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return 0;
        }
        catch (StorageException error)
        {
            LogCompactionFailed(error);
            return 0;
        }
        finally
        {
            _running.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        await _stopping.CancelAsync();
        await _running.WaitAsync();
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "store: compacted to revision {Revision} (current {Current})")]
    private partial void LogCompacted(long revision, long current);

    [LoggerMessage(Level = LogLevel.Warning, Message = "store: compaction failed; it will be tried again")]
    private partial void LogCompactionFailed(Exception error);
}
