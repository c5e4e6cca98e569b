using k8s.Models;
using KubeSharp.Controllers.NodeLifecycle;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Controllers.Tests.NodeLifecycle;

/// <summary>Node health is when the controller saw a heartbeat arrive, on its own clock, not what the heartbeat's timestamp says.</summary>
public sealed class NodeHealthTrackerTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public void An_unchanged_heartbeat_ages_however_recent_its_timestamp_looks()
    {
        var tracker = new NodeHealthTracker(_time);

        // The kubelet's clock runs an hour ahead: its last heartbeat looks fresh, but it never changes again.
        var stuck = Node(heartbeat: Start.AddHours(1));
        Assert.Equal(Start, tracker.Observe(stuck, lease: null));
        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(Start, tracker.Observe(stuck, lease: null));

        // A changed heartbeat counts when it is seen, even if its timestamp is older.
        var beat = Node(heartbeat: Start.AddHours(-1));
        Assert.Equal(Start.AddSeconds(50), tracker.Observe(beat, lease: null));
    }

    [Fact]
    public void Lease_renewals_keep_a_node_alive_while_its_status_stays_the_same()
    {
        var tracker = new NodeHealthTracker(_time);
        var node = Node(heartbeat: Start);
        tracker.Observe(node, Lease(Start));

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(Start.AddSeconds(10), tracker.Observe(node, Lease(Start.AddSeconds(10))));

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(Start.AddSeconds(10), tracker.Observe(node, Lease(Start.AddSeconds(10))));

        // An older renewal (from a stale cache) is not a heartbeat.
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(Start.AddSeconds(10), tracker.Observe(node, Lease(Start.AddSeconds(5))));
    }

    [Fact]
    public void A_node_that_never_posted_status_counts_from_its_creation()
    {
        var tracker = new NodeHealthTracker(_time);
        var created = Start.AddSeconds(-30);

        Assert.Equal(created, tracker.Observe(Node(heartbeat: null, created: created), lease: null));
    }

    [Fact]
    public void The_controllers_own_status_write_is_not_taken_for_a_heartbeat()
    {
        var tracker = new NodeHealthTracker(_time);
        var created = Start.AddSeconds(-30);
        Assert.Equal(created, tracker.Observe(Node(heartbeat: null, created: created), lease: null));
        _time.Advance(TimeSpan.FromMinutes(2));

        // The controller adds Ready=Unknown with the creation time as heartbeat, as upstream does.
        var written = Node(heartbeat: created, created: created, status: "Unknown");
        tracker.Wrote("n1", written.Status.Conditions[0]);

        Assert.Equal(created, tracker.Observe(written, lease: null));
    }

    [Fact]
    public void A_forgotten_node_starts_afresh_and_a_reset_gives_every_node_a_new_grace_period()
    {
        var tracker = new NodeHealthTracker(_time);
        var node = Node(heartbeat: Start);
        tracker.Observe(node, lease: null);
        _time.Advance(TimeSpan.FromMinutes(1));

        tracker.ResetAll();
        Assert.Equal(Start.AddMinutes(1), tracker.Observe(node, lease: null));

        _time.Advance(TimeSpan.FromMinutes(1));
        tracker.Forget("n1");
        Assert.Equal(Start.AddMinutes(2), tracker.Observe(node, lease: null));
    }

    private static V1Node Node(DateTimeOffset? heartbeat, DateTimeOffset? created = null, string status = "True")
    {
        var node = new V1Node
        {
            Metadata = new V1ObjectMeta { Name = "n1", Uid = "u1", CreationTimestamp = (created ?? Start.AddMinutes(-10)).UtcDateTime },
            Status = new V1NodeStatus { Conditions = new List<V1NodeCondition>() },
        };
        if (heartbeat is { } beat)
        {
            node.Status.Conditions.Add(new V1NodeCondition { Type = "Ready", Status = status, LastHeartbeatTime = beat.UtcDateTime, LastTransitionTime = beat.UtcDateTime });
        }

        return node;
    }

    private static V1Lease Lease(DateTimeOffset renewed) => new()
    {
        Metadata = new V1ObjectMeta { Name = "n1", NamespaceProperty = "kube-node-lease" },
        Spec = new V1LeaseSpec { HolderIdentity = "n1", RenewTime = renewed.UtcDateTime },
    };
}
