using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>
/// The attemptToOrphan workers (upstream's attemptToOrphanWorker): an owner deleted with the orphan
/// policy is removed from every dependent's ownerReferences, then its orphan finalizer is removed
/// so the API server can delete it. Any failure retries the whole owner.
/// </summary>
public sealed partial class GarbageCollector
{
    private async Task OrphanWorkerAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var (owner, shutdown) = await _attemptToOrphan.GetAsync(CancellationToken.None);
            if (shutdown)
            {
                return;
            }

            try
            {
                await OrphanDependentsAsync(owner, cancellationToken);
                await RemoveFinalizerAsync(owner.Identity, OrphanFinalizer, cancellationToken);
                _attemptToOrphan.Forget(owner);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                LogOrphanFailed(owner.Identity, error.Message);
                _attemptToOrphan.AddRateLimited(owner);
            }
            finally
            {
                _attemptToOrphan.Done(owner);
            }
        }
    }

    private async Task OrphanDependentsAsync(GraphNode owner, CancellationToken cancellationToken)
    {
        var dependents = owner.Dependents();
        LogOrphaning(owner.Identity, dependents.Count);
        var attempts = dependents.Select(dependent => OrphanAsync(dependent, owner.Identity.Uid, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(attempts);
        }
        catch (Exception) when (attempts.Any(attempt => attempt.IsFaulted))
        {
            // Report every dependent that failed, not just the first.
            var reasons = attempts.Where(attempt => attempt.IsFaulted).Select(attempt => attempt.Exception!.InnerException?.Message);
            throw new HttpRequestException($"orphaning the dependents of {owner.Identity} failed: {string.Join("; ", reasons)}");
        }
    }

    /// <summary>Removes the owner's reference from one dependent; a dependent already gone is fine.</summary>
    private async Task OrphanAsync(GraphNode dependent, string ownerUid, CancellationToken cancellationToken)
    {
        var latest = await GetObjectAsync(dependent.Identity, cancellationToken);
        if (latest is null || latest.Uid != dependent.Identity.Uid)
        {
            return;
        }

        if (MetadataPatches.RemoveOwnerReferences(latest, [ownerUid]) is { } patch)
        {
            await PatchObjectAsync(dependent.Identity, MetadataPatches.JsonPatch, patch, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "garbage collector: orphaning {Dependents} dependents of {Owner}")]
    private partial void LogOrphaning(ObjectIdentity owner, int dependents);

    [LoggerMessage(Level = LogLevel.Warning, Message = "garbage collector: orphaning the dependents of {Owner} failed: {Reason}")]
    private partial void LogOrphanFailed(ObjectIdentity owner, string reason);
}
