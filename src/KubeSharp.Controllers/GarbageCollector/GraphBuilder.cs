using System.Collections.Concurrent;
using System.Threading.Channels;
using KubeSharp.Client.WorkQueue;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>
/// upstream's GraphBuilder: one loop applies the informers' events to the dependency graph (nodes
/// by uid, owners and dependents) and queues what may need work: dependents whose owner went away
/// or started a foreground deletion to attemptToDelete, owners deleted with the orphan policy to
/// attemptToOrphan. An owner named before it is observed gets a virtual node, queued so a worker
/// asks the API server whether it exists.
/// </summary>
internal sealed partial class GraphBuilder
{
    private readonly ConcurrentDictionary<string, GraphNode> _uidToNode = new(StringComparer.Ordinal);
    private readonly Channel<GraphEvent> _changes = Channel.CreateUnbounded<GraphEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly RateLimitingQueue<GraphNode> _attemptToDelete;
    private readonly RateLimitingQueue<GraphNode> _attemptToOrphan;
    private readonly ReferenceCache _absentOwners;
    private readonly ILogger _logger;

    public GraphBuilder(RateLimitingQueue<GraphNode> attemptToDelete, RateLimitingQueue<GraphNode> attemptToOrphan, ReferenceCache absentOwners, ILogger logger)
    {
        _attemptToDelete = attemptToDelete;
        _attemptToOrphan = attemptToOrphan;
        _absentOwners = absentOwners;
        _logger = logger;
    }

    public GraphNode? Find(string uid) => _uidToNode.GetValueOrDefault(uid);

    /// <summary>Queues a change for the builder's loop; informer handlers call this and never block.</summary>
    public void Enqueue(GraphEvent change) => _changes.Writer.TryWrite(change);

    /// <summary>A worker found the object gone at the API server: remove its node as if the informer had said so.</summary>
    public void EnqueueVirtualDelete(ObjectIdentity identity) => Enqueue(new GraphEvent(
        GraphEventType.Delete,
        new ObjectMetadata { Name = identity.Name, Namespace = identity.Namespace, Uid = identity.Uid },
        null,
        identity.ApiVersion,
        identity.Kind,
        Virtual: true));

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in _changes.Reader.ReadAllAsync(cancellationToken))
            {
                Process(change);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Applies whatever is queued now, on the caller's thread (tests, instead of <see cref="RunAsync"/>).</summary>
    public void ProcessPending()
    {
        while (_changes.Reader.TryRead(out var change))
        {
            Process(change);
        }
    }

    /// <summary>upstream's processGraphChanges for one event.</summary>
    public void Process(GraphEvent change)
    {
        var item = change.Object;
        var found = _uidToNode.TryGetValue(item.Uid, out var existing);
        if (found && !change.Virtual && !existing!.IsObserved)
        {
            existing = Observe(existing, change.Identity);
        }

        switch (change.Type)
        {
            case GraphEventType.Add or GraphEventType.Update when !found:
                var node = new GraphNode(
                    change.Identity,
                    item.OwnerReferences,
                    beingDeleted: item.BeingDeleted,
                    deletingDependents: item.BeingDeleted && item.HasFinalizer(GarbageCollector.ForegroundFinalizer));
                _uidToNode[item.Uid] = node;
                AddDependentToOwners(node, item.OwnerReferences);

                // An add may stand for a creation and a deletion merged, so transitions are checked here too.
                ProcessTransitions(change.OldObject, item, node);
                break;
            case GraphEventType.Add or GraphEventType.Update:
                Update(change, existing!);
                break;
            case GraphEventType.Delete when !found:
                LogUnknownDelete(change.Identity);
                break;
            case GraphEventType.Delete:
                Delete(change, existing!);
                break;
        }
    }

    /// <summary>The informer saw an object the graph only knew as a virtual owner: adopt the observed identity.</summary>
    private GraphNode Observe(GraphNode existing, ObjectIdentity observed)
    {
        if (observed != existing.Identity)
        {
            // Dependents that named this uid with other coordinates may point at nothing; let a worker check them.
            var (_, mismatched) = PartitionDependents(existing.Dependents(), observed);
            foreach (var dependent in mismatched)
            {
                if (observed.Namespace.Length > 0 && dependent.Identity.Namespace != observed.Namespace)
                {
                    LogInvalidNamespace(dependent.Identity, observed);
                }

                _attemptToDelete.Add(dependent);
            }

            LogReplacingVirtual(existing.Identity, observed);
            existing = existing.Clone(observed);
            _uidToNode[observed.Uid] = existing;
        }

        existing.MarkObserved();
        return existing;
    }

    private void Update(GraphEvent change, GraphNode existing)
    {
        var item = change.Object;
        if (!change.Virtual && (existing.Identity.ApiVersion != change.ApiVersion || existing.Identity.Kind != change.Kind))
        {
            var old = existing;
            existing = existing.Clone(existing.Identity with { ApiVersion = change.ApiVersion, Kind = change.Kind });
            _uidToNode[item.Uid] = existing;
            foreach (var owner in existing.Owners)
            {
                Find(owner.Uid)?.ReplaceDependent(old, existing);
            }
        }

        var (added, removed, changed) = ReferencesDiffs(existing.Owners, item.OwnerReferences);
        if (added.Count > 0 || removed.Count > 0 || changed.Count > 0)
        {
            // An owner waiting for its blocking dependents may have just lost one.
            AddUnblockedOwnersToDeleteQueue(removed, changed);
            existing.SetOwners(item.OwnerReferences);
            AddDependentToOwners(existing, added);
            foreach (var owner in removed)
            {
                Find(owner.Uid)?.RemoveDependent(existing);
            }
        }

        if (item.BeingDeleted)
        {
            existing.MarkBeingDeleted();
        }

        ProcessTransitions(change.OldObject, item, existing);
    }

    private void Delete(GraphEvent change, GraphNode existing)
    {
        var remove = true;
        if (change.Virtual)
        {
            var deleted = change.Identity;
            if (!existing.IsObserved)
            {
                // A virtual node's coordinates are a guess: dependents may name the uid differently.
                var (matching, mismatched) = PartitionDependents(existing.Dependents(), deleted);
                if (mismatched.Count > 0)
                {
                    remove = false;
                    if (matching.Count > 0)
                    {
                        _absentOwners.Add(deleted);
                        foreach (var dependent in matching)
                        {
                            _attemptToDelete.Add(dependent);
                        }
                    }

                    if (existing.Identity == deleted && AlternateOwnerIdentity(mismatched, deleted) is { } alternate)
                    {
                        // Try the next identity the remaining dependents know the owner by.
                        var replacement = existing.Clone(alternate);
                        _uidToNode[alternate.Uid] = replacement;
                        _attemptToDelete.AddRateLimited(replacement);
                    }
                }
            }
            else if (existing.Identity != deleted)
            {
                // Never drop an observed node on a virtual event with other coordinates; only its dependents that used those are dangling.
                remove = false;
                var (matching, _) = PartitionDependents(existing.Dependents(), deleted);
                if (matching.Count > 0)
                {
                    _absentOwners.Add(deleted);
                    foreach (var dependent in matching)
                    {
                        _attemptToDelete.Add(dependent);
                    }
                }
            }
        }

        if (!remove)
        {
            return;
        }

        _uidToNode.TryRemove(existing.Identity.Uid, out _);
        foreach (var owner in existing.Owners)
        {
            Find(owner.Uid)?.RemoveDependent(existing);
        }

        var dependents = existing.Dependents();
        if (dependents.Count > 0)
        {
            _absentOwners.Add(change.Identity);
        }

        foreach (var dependent in dependents)
        {
            _attemptToDelete.Add(dependent);
        }

        foreach (var owner in existing.Owners)
        {
            // An owner deleting in the foreground may have been waiting for this dependent only.
            if (Find(owner.Uid) is { IsDeletingDependents: true } waiting)
            {
                _attemptToDelete.Add(waiting);
            }
        }
    }

    /// <summary>
    /// Adds the node to its owners' dependents, creating virtual nodes (queued for a check with the
    /// API server) for owners not seen yet; a dependent whose reference disagrees with an owner's
    /// observed coordinates or namespace is queued so a worker can tell whether it is dangling.
    /// </summary>
    private void AddDependentToOwners(GraphNode node, IReadOnlyList<OwnerReference> owners)
    {
        var potentiallyInvalid = false;
        foreach (var owner in owners)
        {
            if (!_uidToNode.TryGetValue(owner.Uid, out var ownerNode))
            {
                ownerNode = new GraphNode(ObjectIdentity.Of(owner, node.Identity.Namespace), isVirtual: true);
                _uidToNode[owner.Uid] = ownerNode;
                ownerNode.AddDependent(node);
                LogVirtualNode(ownerNode.Identity);
                _attemptToDelete.Add(ownerNode);
                continue;
            }

            ownerNode.AddDependent(node);
            if (potentiallyInvalid)
            {
                continue;
            }

            var ownerIsNamespaced = ownerNode.Identity.Namespace.Length > 0;
            if (ownerIsNamespaced && ownerNode.Identity.Namespace != node.Identity.Namespace)
            {
                if (ownerNode.IsObserved)
                {
                    LogInvalidNamespace(node.Identity, ownerNode.Identity);
                }

                potentiallyInvalid = true;
            }
            else if (!owner.MatchesCoordinates(ownerNode.Identity))
            {
                potentiallyInvalid = true;
            }
            else if (!ownerIsNamespaced && ownerNode.Identity.Namespace != node.Identity.Namespace && !ownerNode.IsObserved)
            {
                // A virtual cluster-scoped owner of a namespaced dependent may really be a missing namespaced owner.
                potentiallyInvalid = true;
            }
        }

        if (potentiallyInvalid)
        {
            _attemptToDelete.Add(node);
        }
    }

    /// <summary>A removed blocking reference, or one that stopped blocking, may let its owner's foreground deletion finish.</summary>
    private void AddUnblockedOwnersToDeleteQueue(List<OwnerReference> removed, List<(OwnerReference Old, OwnerReference New)> changed)
    {
        foreach (var reference in removed.Where(r => r.Blocks))
        {
            if (Find(reference.Uid) is { } owner)
            {
                _attemptToDelete.Add(owner);
            }
        }

        foreach (var (_, current) in changed.Where(c => c.Old.Blocks && !c.New.Blocks))
        {
            if (Find(current.Uid) is { } owner)
            {
                _attemptToDelete.Add(owner);
            }
        }
    }

    /// <summary>An owner that just started a deletion with the orphan or foregroundDeletion finalizer gets its dependents dealt with.</summary>
    private void ProcessTransitions(ObjectMetadata? old, ObjectMetadata current, GraphNode node)
    {
        if (StartsDeletionWith(old, current, GarbageCollector.OrphanFinalizer))
        {
            _attemptToOrphan.Add(node);
            return;
        }

        if (StartsDeletionWith(old, current, GarbageCollector.ForegroundFinalizer))
        {
            // A node that began as virtual has no deletingDependents yet, so it is always set here.
            node.MarkDeletingDependents();
            foreach (var dependent in node.Dependents())
            {
                _attemptToDelete.Add(dependent);
            }

            _attemptToDelete.Add(node);
        }
    }

    /// <summary>upstream's deletionStartsWithFinalizer: being deleted with the finalizer now, and not before.</summary>
    internal static bool StartsDeletionWith(ObjectMetadata? old, ObjectMetadata current, string finalizer) =>
        current.BeingDeleted && current.HasFinalizer(finalizer) && (old is null || !old.BeingDeleted || !old.HasFinalizer(finalizer));

    /// <summary>upstream's referencesDiffs, by uid.</summary>
    internal static (List<OwnerReference> Added, List<OwnerReference> Removed, List<(OwnerReference Old, OwnerReference New)> Changed) ReferencesDiffs(
        IReadOnlyList<OwnerReference> old, IReadOnlyList<OwnerReference> current)
    {
        var before = new Dictionary<string, OwnerReference>(StringComparer.Ordinal);
        foreach (var reference in old)
        {
            before[reference.Uid] = reference;
        }

        var added = new List<OwnerReference>();
        var changed = new List<(OwnerReference Old, OwnerReference New)>();
        foreach (var reference in current)
        {
            if (before.Remove(reference.Uid, out var previous))
            {
                if (previous != reference)
                {
                    changed.Add((previous, reference));
                }
            }
            else
            {
                added.Add(reference);
            }
        }

        return (added, before.Values.ToList(), changed);
    }

    /// <summary>
    /// upstream's partitionDependents: dependents with a reference to the identity's uid that
    /// matches all its coordinates, and those with one that does not (or in another namespace than a
    /// namespaced owner); a dependent can be in both.
    /// </summary>
    internal static (List<GraphNode> Matching, List<GraphNode> Mismatched) PartitionDependents(IEnumerable<GraphNode> dependents, ObjectIdentity owner)
    {
        var matching = new List<GraphNode>();
        var mismatched = new List<GraphNode>();
        var ownerIsNamespaced = owner.Namespace.Length > 0;
        foreach (var dependent in dependents)
        {
            var match = false;
            var mismatch = false;
            if (ownerIsNamespaced && owner.Namespace != dependent.Identity.Namespace)
            {
                mismatch = true;
            }
            else
            {
                foreach (var reference in dependent.Owners.Where(r => r.Uid == owner.Uid))
                {
                    if (reference.MatchesCoordinates(owner))
                    {
                        match = true;
                    }
                    else
                    {
                        mismatch = true;
                    }
                }
            }

            if (match)
            {
                matching.Add(dependent);
            }

            if (mismatch)
            {
                mismatched.Add(dependent);
            }
        }

        return (matching, mismatched);
    }

    /// <summary>
    /// upstream's getAlternateOwnerIdentity: another identity the dependents know the absent uid by,
    /// the first after the absent one in reference order, else the first of all; null when none.
    /// </summary>
    internal static ObjectIdentity? AlternateOwnerIdentity(IEnumerable<GraphNode> dependents, ObjectIdentity absent)
    {
        var absentIsClusterScoped = absent.Namespace.Length == 0;
        var seen = new HashSet<ObjectIdentity> { absent };
        ObjectIdentity? first = null;
        ObjectIdentity? firstFollowing = null;
        foreach (var dependent in dependents)
        {
            foreach (var reference in dependent.Owners.Where(r => r.Uid == absent.Uid))
            {
                if (reference.MatchesCoordinates(absent) && (absentIsClusterScoped || absent.Namespace == dependent.Identity.Namespace))
                {
                    continue;
                }

                var candidate = ObjectIdentity.Of(reference, dependent.Identity.Namespace);
                if (absentIsClusterScoped && candidate.ApiVersion == absent.ApiVersion && candidate.Kind == absent.Kind)
                {
                    // This apiVersion and kind is known to be cluster-scoped.
                    candidate = candidate with { Namespace = string.Empty };
                }

                if (!seen.Add(candidate))
                {
                    continue;
                }

                if (first is null || ObjectIdentity.Compare(candidate, first) < 0)
                {
                    first = candidate;
                }

                if (ObjectIdentity.Compare(absent, candidate) < 0 && (firstFollowing is null || ObjectIdentity.Compare(candidate, firstFollowing) < 0))
                {
                    firstFollowing = candidate;
                }
            }
        }

        return firstFollowing ?? first;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "garbage collector: added virtual node for owner {Owner}")]
    private partial void LogVirtualNode(ObjectIdentity owner);

    [LoggerMessage(Level = LogLevel.Information, Message = "garbage collector: replacing virtual node {Virtual} with observed {Observed}")]
    private partial void LogReplacingVirtual(ObjectIdentity @virtual, ObjectIdentity observed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "garbage collector: {Item} names owner {Owner}, which is not in its namespace")]
    private partial void LogInvalidNamespace(ObjectIdentity item, ObjectIdentity owner);

    [LoggerMessage(Level = LogLevel.Debug, Message = "garbage collector: delete of {Item}, which is not in the graph")]
    private partial void LogUnknownDelete(ObjectIdentity item);
}
