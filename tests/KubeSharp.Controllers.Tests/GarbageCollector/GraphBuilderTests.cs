using KubeSharp.Client.WorkQueue;
using KubeSharp.Controllers.GarbageCollector;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Controllers.Tests.GarbageCollector;

/// <summary>The dependency graph with plain objects: which nodes each change queues for deletion or orphaning.</summary>
public sealed class GraphBuilderTests : IDisposable
{
    private const string Deleted = "2026-01-01T00:00:00Z";

    private readonly RateLimitingQueue<GraphNode> _attemptToDelete = new(MaxOfRateLimiter<GraphNode>.ControllerDefault(TimeProvider.System), TimeProvider.System);
    private readonly RateLimitingQueue<GraphNode> _attemptToOrphan = new(MaxOfRateLimiter<GraphNode>.ControllerDefault(TimeProvider.System), TimeProvider.System);
    private readonly ReferenceCache _absent = new(500);
    private readonly GraphBuilder _graph;

    public GraphBuilderTests() => _graph = new GraphBuilder(_attemptToDelete, _attemptToOrphan, _absent, NullLogger.Instance);

    public void Dispose()
    {
        _attemptToDelete.Dispose();
        _attemptToOrphan.Dispose();
    }

    [Fact]
    public async Task Deleting_an_owner_queues_its_dependents_and_remembers_it_absent()
    {
        var owner = Meta("owner", "o1");
        Apply(GraphEventType.Add, owner);
        Apply(GraphEventType.Add, Meta("dep", "d1", owners: [Ref("owner", "o1")]));
        Assert.Empty(await DrainAsync(_attemptToDelete));

        Apply(GraphEventType.Delete, owner);

        Assert.Equal(["d1"], Uids(await DrainAsync(_attemptToDelete)));
        Assert.Null(_graph.Find("o1"));
        Assert.True(_absent.Has(new ObjectIdentity("v1", "ConfigMap", "owner", "o1", "default")));
    }

    [Fact]
    public async Task An_owner_not_seen_yet_gets_a_virtual_node_queued_for_a_check_until_it_is_observed()
    {
        Apply(GraphEventType.Add, Meta("dep", "d1", owners: [Ref("owner", "o1")]));

        var placeholder = _graph.Find("o1");
        Assert.NotNull(placeholder);
        Assert.False(placeholder.IsObserved);
        Assert.Equal(new ObjectIdentity("v1", "ConfigMap", "owner", "o1", "default"), placeholder.Identity);
        Assert.Equal(["o1"], Uids(await DrainAsync(_attemptToDelete)));

        Apply(GraphEventType.Add, Meta("owner", "o1"));

        var observed = _graph.Find("o1")!;
        Assert.True(observed.IsObserved);
        Assert.Equal(["d1"], Uids(observed.Dependents()));
        Assert.Empty(await DrainAsync(_attemptToDelete));
    }

    [Fact]
    public async Task A_virtual_delete_of_an_owner_that_never_existed_queues_its_dependents()
    {
        Apply(GraphEventType.Add, Meta("dep", "d1", owners: [Ref("ghost", "g1")]));
        await DrainAsync(_attemptToDelete);

        // What a worker does when the API server has no such owner.
        _graph.EnqueueVirtualDelete(_graph.Find("g1")!.Identity);
        _graph.ProcessPending();

        Assert.Null(_graph.Find("g1"));
        Assert.Equal(["d1"], Uids(await DrainAsync(_attemptToDelete)));
        Assert.True(_absent.Has(new ObjectIdentity("v1", "ConfigMap", "ghost", "g1", "default")));
    }

    [Fact]
    public async Task A_virtual_delete_with_other_coordinates_keeps_an_observed_node()
    {
        Apply(GraphEventType.Add, Meta("owner", "o1"));
        Apply(GraphEventType.Add, Meta("dep", "d1", owners: [Ref("owner", "o1")]));
        await DrainAsync(_attemptToDelete);

        _graph.EnqueueVirtualDelete(new ObjectIdentity("v1", "Secret", "owner", "o1", "default"));
        _graph.ProcessPending();

        Assert.NotNull(_graph.Find("o1"));
        Assert.Empty(await DrainAsync(_attemptToDelete));
    }

    [Fact]
    public async Task Starting_a_foreground_deletion_queues_the_dependents_and_the_owner()
    {
        var owner = Meta("owner", "o1");
        Apply(GraphEventType.Add, owner);
        Apply(GraphEventType.Add, Meta("blocking", "d1", owners: [Ref("owner", "o1", block: true)]));
        Apply(GraphEventType.Add, Meta("free", "d2", owners: [Ref("owner", "o1")]));
        await DrainAsync(_attemptToDelete);

        Apply(GraphEventType.Update, owner with { DeletionTimestamp = Deleted, Finalizers = ["foregroundDeletion"], ResourceVersion = "2" }, owner);

        Assert.Equal(["d1", "d2", "o1"], Uids(await DrainAsync(_attemptToDelete)).Order(StringComparer.Ordinal));
        var node = _graph.Find("o1")!;
        Assert.True(node.IsDeletingDependents);
        Assert.True(node.IsBeingDeleted);
        Assert.Equal(["d1"], Uids(node.BlockingDependents()));
        Assert.Empty(await DrainAsync(_attemptToOrphan));
    }

    [Fact]
    public async Task Starting_an_orphan_deletion_queues_the_owner_to_orphan()
    {
        var owner = Meta("owner", "o1");
        Apply(GraphEventType.Add, owner);
        Apply(GraphEventType.Add, Meta("dep", "d1", owners: [Ref("owner", "o1")]));

        Apply(GraphEventType.Update, owner with { DeletionTimestamp = Deleted, Finalizers = ["orphan"], ResourceVersion = "2" }, owner);

        Assert.Equal(["o1"], Uids(await DrainAsync(_attemptToOrphan)));
        Assert.Empty(await DrainAsync(_attemptToDelete));
    }

    [Fact]
    public async Task A_deleted_blocking_dependent_requeues_the_owner_waiting_for_it()
    {
        var owner = Meta("owner", "o1");
        var dependent = Meta("dep", "d1", owners: [Ref("owner", "o1", block: true)]);
        Apply(GraphEventType.Add, owner);
        Apply(GraphEventType.Add, dependent);
        Apply(GraphEventType.Update, owner with { DeletionTimestamp = Deleted, Finalizers = ["foregroundDeletion"], ResourceVersion = "2" }, owner);
        await DrainAsync(_attemptToDelete);

        Apply(GraphEventType.Delete, dependent);

        Assert.Equal(["o1"], Uids(await DrainAsync(_attemptToDelete)));
        Assert.Empty(_graph.Find("o1")!.BlockingDependents());
    }

    [Fact]
    public async Task Removing_a_blocking_reference_requeues_the_owner_and_unlinks_the_dependent()
    {
        var dependent = Meta("dep", "d1", owners: [Ref("owner", "o1", block: true)]);
        Apply(GraphEventType.Add, Meta("owner", "o1"));
        Apply(GraphEventType.Add, dependent);
        await DrainAsync(_attemptToDelete);

        Apply(GraphEventType.Update, dependent with { OwnerReferences = [], ResourceVersion = "2" }, dependent);

        Assert.Equal(["o1"], Uids(await DrainAsync(_attemptToDelete)));
        Assert.Empty(_graph.Find("o1")!.Dependents());
    }

    [Fact]
    public async Task Observing_an_owner_under_other_coordinates_requeues_the_dependents_that_named_it_so()
    {
        Apply(GraphEventType.Add, Meta("dep", "d1", owners: [new OwnerReference("v1", "Secret", "other", "o1")]));
        await DrainAsync(_attemptToDelete);

        Apply(GraphEventType.Add, Meta("owner", "o1"));

        var observed = _graph.Find("o1")!;
        Assert.True(observed.IsObserved);
        Assert.Equal(new ObjectIdentity("v1", "ConfigMap", "owner", "o1", "default"), observed.Identity);
        Assert.Equal(["d1"], Uids(await DrainAsync(_attemptToDelete)));
    }

    [Fact]
    public void References_are_compared_by_uid()
    {
        var kept = Ref("a", "u1");
        var blocking = Ref("b", "u2", block: true);
        var (added, removed, changed) = GraphBuilder.ReferencesDiffs([kept, blocking, Ref("c", "u3")], [kept, Ref("b", "u2"), Ref("d", "u4")]);

        Assert.Equal(["u4"], added.Select(r => r.Uid));
        Assert.Equal(["u3"], removed.Select(r => r.Uid));
        var change = Assert.Single(changed);
        Assert.True(change.Old.Blocks);
        Assert.False(change.New.Blocks);
    }

    [Fact]
    public void A_deletion_starts_with_a_finalizer_only_once()
    {
        var live = Meta("owner", "o1");
        var deleting = live with { DeletionTimestamp = Deleted, Finalizers = ["foregroundDeletion"] };

        Assert.True(GraphBuilder.StartsDeletionWith(null, deleting, "foregroundDeletion"));
        Assert.True(GraphBuilder.StartsDeletionWith(live, deleting, "foregroundDeletion"));
        Assert.False(GraphBuilder.StartsDeletionWith(deleting, deleting, "foregroundDeletion"));
        Assert.False(GraphBuilder.StartsDeletionWith(live, deleting, "orphan"));
    }

    private void Apply(GraphEventType type, ObjectMetadata item, ObjectMetadata? old = null) =>
        _graph.Process(new GraphEvent(type, item, old, "v1", "ConfigMap"));

    private static ObjectMetadata Meta(string name, string uid, IReadOnlyList<OwnerReference>? owners = null) => new()
    {
        Name = name,
        Namespace = "default",
        Uid = uid,
        ResourceVersion = "1",
        OwnerReferences = owners ?? [],
    };

    private static OwnerReference Ref(string name, string uid, bool block = false) => new("v1", "ConfigMap", name, uid, BlockOwnerDeletion: block ? true : null);

    private static List<string> Uids(IEnumerable<GraphNode> nodes) => [.. nodes.Select(node => node.Identity.Uid)];

    /// <summary>Everything queued now (delayed adds excluded).</summary>
    private static async Task<List<GraphNode>> DrainAsync(RateLimitingQueue<GraphNode> queue)
    {
        var items = new List<GraphNode>();
        while (queue.Length > 0)
        {
            var (item, _) = await queue.GetAsync(CancellationToken.None);
            items.Add(item);
            queue.Done(item);
        }

        return items;
    }
}
