namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>
/// An object in the dependency graph (upstream's node): its identity, the owners it names and the
/// dependents that name it. Only the graph builder changes nodes; workers read them at the same
/// time, hence the lock. A node whose identity changes is replaced by a clone, so work queued
/// for the old one keeps the identity it was queued with, as upstream.
/// </summary>
internal sealed class GraphNode
{
    private readonly Lock _lock = new();
    private readonly HashSet<GraphNode> _dependents;
    private IReadOnlyList<OwnerReference> _owners;
    private volatile bool _beingDeleted;
    private volatile bool _deletingDependents;
    private volatile bool _virtual;

    public GraphNode(ObjectIdentity identity, IReadOnlyList<OwnerReference>? owners = null, bool beingDeleted = false, bool deletingDependents = false, bool isVirtual = false)
        : this(identity, owners ?? [], [], beingDeleted, deletingDependents, isVirtual)
    {
    }

    private GraphNode(ObjectIdentity identity, IReadOnlyList<OwnerReference> owners, HashSet<GraphNode> dependents, bool beingDeleted, bool deletingDependents, bool isVirtual)
    {
        Identity = identity;
        _owners = owners;
        _dependents = dependents;
        _beingDeleted = beingDeleted;
        _deletingDependents = deletingDependents;
        _virtual = isVirtual;
    }

    public ObjectIdentity Identity { get; }

    /// <summary>The owner references the object had when last observed.</summary>
    public IReadOnlyList<OwnerReference> Owners
    {
        get
        {
            lock (_lock)
            {
                return _owners;
            }
        }
    }

    /// <summary>False while the node only stands for an owner some dependent named (a virtual node).</summary>
    public bool IsObserved => !_virtual;

    /// <summary>The object has a deletionTimestamp; a one-way trip, so there is no way back.</summary>
    public bool IsBeingDeleted => _beingDeleted;

    /// <summary>Being deleted in the foreground: waits for its blocking dependents to go.</summary>
    public bool IsDeletingDependents => _deletingDependents;

    public int DependentsCount
    {
        get
        {
            lock (_lock)
            {
                return _dependents.Count;
            }
        }
    }

    public void MarkObserved() => _virtual = false;

    public void MarkBeingDeleted() => _beingDeleted = true;

    public void MarkDeletingDependents() => _deletingDependents = true;

    public void SetOwners(IReadOnlyList<OwnerReference> owners)
    {
        lock (_lock)
        {
            _owners = owners;
        }
    }

    public void AddDependent(GraphNode dependent)
    {
        lock (_lock)
        {
            _dependents.Add(dependent);
        }
    }

    public void RemoveDependent(GraphNode dependent)
    {
        lock (_lock)
        {
            _dependents.Remove(dependent);
        }
    }

    /// <summary>Swaps a dependent for its clone, if it is one of ours.</summary>
    public void ReplaceDependent(GraphNode old, GraphNode replacement)
    {
        lock (_lock)
        {
            if (_dependents.Remove(old))
            {
                _dependents.Add(replacement);
            }
        }
    }

    /// <summary>A snapshot; dependents may come and go as soon as it is taken.</summary>
    public List<GraphNode> Dependents()
    {
        lock (_lock)
        {
            return [.. _dependents];
        }
    }

    /// <summary>Dependents whose reference to this node has blockOwnerDeletion=true: they hold up its foreground deletion.</summary>
    public List<GraphNode> BlockingDependents() =>
        [.. Dependents().Where(dependent => dependent.Owners.Any(owner => owner.Uid == Identity.Uid && owner.Blocks))];

    /// <summary>A copy with another identity, the same owners, dependents and state.</summary>
    public GraphNode Clone(ObjectIdentity identity)
    {
        lock (_lock)
        {
            return new GraphNode(identity, _owners, [.. _dependents], _beingDeleted, _deletingDependents, _virtual);
        }
    }

    public override string ToString() => Identity.ToString();
}
