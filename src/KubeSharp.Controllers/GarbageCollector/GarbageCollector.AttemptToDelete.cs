using System.Net;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>
/// The attemptToDelete workers (upstream's attemptToDeleteWorker and attemptToDeleteItem): a
/// queued node is checked against the API server, then deleted when none of its owners holds it,
/// stripped of references to absent owners when some still do, or, for an owner being deleted in
/// the foreground, finalized once no blocking dependent is left.
/// </summary>
public sealed partial class GarbageCollector
{
    private enum ItemOutcome
    {
        Done,

        /// <summary>The object is gone; the graph will hear of it and queue what follows.</summary>
        VirtualDeleteEnqueued,

        /// <summary>An error retrying cannot fix (a cluster-scoped object with a namespaced owner).</summary>
        Unresolvable,
    }

    private async Task DeleteWorkerAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var (item, shutdown) = await _attemptToDelete.GetAsync(CancellationToken.None);
            if (shutdown)
            {
                return;
            }

            try
            {
                if (await AttemptToDeleteWorkerAsync(item, cancellationToken))
                {
                    _attemptToDelete.AddRateLimited(item);
                }
                else
                {
                    _attemptToDelete.Forget(item);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                LogAttemptToDeleteFailed(item.Identity, error.Message);
                _attemptToDelete.AddRateLimited(item);
            }
            finally
            {
                _attemptToDelete.Done(item);
            }
        }
    }

    /// <summary>True to look at the node again later.</summary>
    private async Task<bool> AttemptToDeleteWorkerAsync(GraphNode node, CancellationToken cancellationToken)
    {
        if (!node.IsObserved && _graph.Find(node.Identity.Uid) is not { IsObserved: false })
        {
            // A requeued virtual node whose object has since been observed, or deleted: nothing left to check.
            return false;
        }

        if (_graph.Find(node.Identity.Uid) is { } current
            && (current.Identity.ApiVersion != node.Identity.ApiVersion || current.Identity.Kind != node.Identity.Kind))
        {
            node = node.Clone(node.Identity with { ApiVersion = current.Identity.ApiVersion, Kind = current.Identity.Kind });
        }

        var outcome = await AttemptToDeleteItemAsync(node, cancellationToken);

        // A virtual node stays queued until an informer observes the object, or one added and removed
        // while a watch was down would stay in the graph forever (kubernetes#56121).
        return outcome == ItemOutcome.Done && !node.IsObserved;
    }

    private async Task<ItemOutcome> AttemptToDeleteItemAsync(GraphNode item, CancellationToken cancellationToken)
    {
        // Being deleted is a one-way trip: wait for the deletion, then deal with the dependents.
        if (item.IsBeingDeleted && !item.IsDeletingDependents)
        {
            return ItemOutcome.Done;
        }

        var latest = await GetObjectAsync(item.Identity, cancellationToken);
        if (latest is null || latest.Uid != item.Identity.Uid)
        {
            _graph.EnqueueVirtualDelete(item.Identity);
            return ItemOutcome.VirtualDeleteEnqueued;
        }

        if (item.IsDeletingDependents)
        {
            await ProcessDeletingDependentsAsync(item, cancellationToken);
            return ItemOutcome.Done;
        }

        if (latest.OwnerReferences.Count == 0)
        {
            return ItemOutcome.Done;
        }

        var classified = new List<(OwnerReference Reference, ReferenceState State)>();
        foreach (var reference in latest.OwnerReferences)
        {
            var state = await ClassifyAsync(reference, item, cancellationToken);
            if (state == ReferenceState.Invalid)
            {
                return ItemOutcome.Unresolvable;
            }

            classified.Add((reference, state));
        }

        var dependents = item.Dependents();
        var decision = DeletionDecision.Decide(classified, latest.Finalizers, dependents.Count > 0, dependents.Any(dependent => dependent.IsDeletingDependents));
        switch (decision.Action)
        {
            case DeletionAction.RemoveReferences:
                LogRemovingReferences(item.Identity, string.Join(", ", decision.ReferencesToRemove));
                if (MetadataPatches.RemoveOwnerReferences(latest, decision.ReferencesToRemove) is { } patch)
                {
                    await PatchObjectAsync(item.Identity, MetadataPatches.JsonPatch, patch, cancellationToken);
                }

                return ItemOutcome.Done;
            case DeletionAction.Delete:
                if (decision.UnblockOwnerReferences && MetadataPatches.UnblockOwnerReferences(latest) is { } unblock)
                {
                    LogUnblocking(item.Identity);
                    await PatchObjectAsync(item.Identity, MetadataPatches.JsonPatch, unblock, cancellationToken);
                }

                LogDeleting(item.Identity, decision.Policy!);
                var deleted = await DeleteObjectAsync(item.Identity, latest.ResourceVersion, latest.OwnerReferences, decision.Policy!, cancellationToken);
                if (deleted == HttpStatusCode.NotFound)
                {
                    _graph.EnqueueVirtualDelete(item.Identity);
                    return ItemOutcome.VirtualDeleteEnqueued;
                }

                if (deleted == HttpStatusCode.Conflict)
                {
                    throw new HttpRequestException($"deleting {item.Identity}: its owner references changed; will look again", null, HttpStatusCode.Conflict);
                }

                return ItemOutcome.Done;
            default:
                return ItemOutcome.Done;
        }
    }

    /// <summary>
    /// upstream's isDangling and classifyReferences for one reference: an owner the absent-owner
    /// cache knows, or that the API server does not have with that uid, is dangling; else solid or
    /// waiting for its dependents' deletion.
    /// </summary>
    private async Task<ReferenceState> ClassifyAsync(OwnerReference reference, GraphNode item, CancellationToken cancellationToken)
    {
        var clusterKey = ObjectIdentity.Of(reference, string.Empty);
        var namespacedKey = clusterKey with { Namespace = item.Identity.Namespace };
        if (_absentOwners.Has(clusterKey) || _absentOwners.Has(namespacedKey))
        {
            return ReferenceState.Dangling;
        }

        var resource = _resources.Find(reference.ApiVersion, reference.Kind)
            ?? throw new InvalidOperationException($"no served resource for {reference.ApiVersion}/{reference.Kind} (owner of {item.Identity}); will retry after discovery");
        if (item.Identity.Namespace.Length == 0 && resource.Namespaced)
        {
            LogNamespacedOwnerOfClusterScoped(item.Identity, reference.Name);
            return ReferenceState.Invalid;
        }

        var owner = await _client.GetMetadataAsync(resource.ObjectPath(item.Identity.Namespace, reference.Name), cancellationToken);
        if (owner is null || owner.Uid != reference.Uid)
        {
            _absentOwners.Add(resource.Namespaced ? namespacedKey : clusterKey);
            return ReferenceState.Dangling;
        }

        return owner.BeingDeleted && owner.HasFinalizer(ForegroundFinalizer) ? ReferenceState.WaitingForDependentsDeletion : ReferenceState.Solid;
    }

    /// <summary>An owner deleting in the foreground: finalize it once no dependent blocks it, else make sure the blocking ones are being deleted.</summary>
    private async Task ProcessDeletingDependentsAsync(GraphNode item, CancellationToken cancellationToken)
    {
        var blocking = item.BlockingDependents();
        if (blocking.Count == 0)
        {
            LogFinalizingForeground(item.Identity);
            await RemoveFinalizerAsync(item.Identity, ForegroundFinalizer, cancellationToken);
            return;
        }

        foreach (var dependent in blocking.Where(dependent => !dependent.IsDeletingDependents))
        {
            _attemptToDelete.Add(dependent);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "garbage collector: attempt to delete {Item} failed: {Reason}")]
    private partial void LogAttemptToDeleteFailed(ObjectIdentity item, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "garbage collector: deleting {Item} with propagation {Policy}")]
    private partial void LogDeleting(ObjectIdentity item, string policy);

    [LoggerMessage(Level = LogLevel.Information, Message = "garbage collector: removing references to owners {Owners} from {Item}")]
    private partial void LogRemovingReferences(ObjectIdentity item, string owners);

    [LoggerMessage(Level = LogLevel.Information, Message = "garbage collector: {Item} and one of its dependents are both deleting in the foreground; unblocking its owner references first")]
    private partial void LogUnblocking(ObjectIdentity item);

    [LoggerMessage(Level = LogLevel.Information, Message = "garbage collector: no dependent blocks {Item} any more; removing the foregroundDeletion finalizer")]
    private partial void LogFinalizingForeground(ObjectIdentity item);

    [LoggerMessage(Level = LogLevel.Warning, Message = "garbage collector: cluster-scoped {Item} names namespaced owner {Owner}, which cannot be; ignoring it")]
    private partial void LogNamespacedOwnerOfClusterScoped(ObjectIdentity item, string owner);
}
