using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Controllers.PodGarbageCollector;

namespace KubeSharp.Controllers.Tests.PodGarbageCollector;

/// <summary>Which pods each pass of the pod garbage collector deletes, and the status it leaves them with.</summary>
public sealed class PodGcSelectionTests
{
    private static readonly DateTime Start = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Terminated_pods_beyond_the_threshold_go_evicted_first_then_oldest()
    {
        var pods = new[]
        {
            Pod("newest-failed", "Failed", created: Start.AddMinutes(5)),
            Pod("old-succeeded", "Succeeded", created: Start),
            Pod("running", "Running", created: Start.AddMinutes(-10)),
            Pod("evicted", "Failed", created: Start.AddMinutes(9), reason: "Evicted"),
            Pod("middle-failed", "Failed", created: Start.AddMinutes(2)),
        };

        var chosen = PodGcSelection.TerminatedToDelete(pods, threshold: 2).Select(p => p.Metadata.Name);

        Assert.Equal(["evicted", "old-succeeded"], chosen);
    }

    [Fact]
    public void Nothing_goes_at_or_under_the_threshold_or_with_the_threshold_off()
    {
        var pods = new[] { Pod("a", "Failed"), Pod("b", "Succeeded") };

        Assert.Empty(PodGcSelection.TerminatedToDelete(pods, threshold: 2));
        Assert.Empty(PodGcSelection.TerminatedToDelete(pods, threshold: 0));
    }

    [Fact]
    public void Ties_in_creation_time_are_broken_by_name()
    {
        var pods = new[] { Pod("b", "Failed"), Pod("a", "Failed"), Pod("c", "Failed") };

        Assert.Equal(["a", "b"], PodGcSelection.TerminatedToDelete(pods, threshold: 1).Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Pods_on_nodes_missing_from_the_cache_are_candidates_and_deleted_nodes_orphan_their_pods()
    {
        var pods = new[] { Pod("bound", "Running", node: "gone"), Pod("fine", "Running", node: "n1"), Pod("pending", "Pending") };

        Assert.Equal(["gone"], PodGcSelection.MissingNodes(pods, new HashSet<string> { "n1" }));
        Assert.Equal(["bound"], PodGcSelection.Orphaned(pods, new HashSet<string> { "gone" }).Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Only_terminating_pods_without_a_node_are_unscheduled_terminating()
    {
        var pods = new[]
        {
            Pod("unscheduled-terminating", "Pending", deleting: true),
            Pod("scheduled-terminating", "Running", node: "n1", deleting: true),
            Pod("unscheduled", "Pending"),
        };

        Assert.Equal(["unscheduled-terminating"], PodGcSelection.UnscheduledTerminating(pods).Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Terminating_pods_on_not_ready_out_of_service_nodes_are_collected()
    {
        var nodes = new Dictionary<string, V1Node>
        {
            ["down"] = Node("down", ready: false, outOfService: true),
            ["down-untainted"] = Node("down-untainted", ready: false, outOfService: false),
            ["up-tainted"] = Node("up-tainted", ready: true, outOfService: true),
        };
        var pods = new[]
        {
            Pod("on-down", "Running", node: "down", deleting: true),
            Pod("on-down-alive", "Running", node: "down"),
            Pod("on-untainted", "Running", node: "down-untainted", deleting: true),
            Pod("on-up", "Running", node: "up-tainted", deleting: true),
        };

        Assert.Equal(["on-down"], PodGcSelection.TerminatingOnOutOfServiceNodes(pods, nodes).Select(p => p.Metadata.Name));
    }

    [Fact]
    public void An_orphaned_pod_is_marked_failed_with_a_disruption_target_condition()
    {
        var now = new DateTimeOffset(Start.AddMinutes(30));

        var patch = JsonNode.Parse(FailedPodPatch.For(Pod("bound", "Running", node: "gone"), FailedPodPatch.NodeGone(), now)!)!;

        Assert.Equal("uid-bound", patch["metadata"]!["uid"]!.GetValue<string>());
        Assert.Equal("Failed", patch["status"]!["phase"]!.GetValue<string>());
        var condition = patch["status"]!["conditions"]![0]!;
        Assert.Equal("DisruptionTarget", condition["type"]!.GetValue<string>());
        Assert.Equal("True", condition["status"]!.GetValue<string>());
        Assert.Equal("DeletionByPodGC", condition["reason"]!.GetValue<string>());
        Assert.Equal("2026-01-01T12:30:00Z", condition["lastTransitionTime"]!.GetValue<string>());
    }

    [Fact]
    public void A_finished_pod_needs_no_status_patch()
    {
        Assert.Null(FailedPodPatch.For(Pod("done", "Succeeded"), null, DateTimeOffset.UnixEpoch));

        var patch = JsonNode.Parse(FailedPodPatch.For(Pod("live", "Pending"), null, DateTimeOffset.UnixEpoch)!)!;
        Assert.Null(patch["status"]!["conditions"]);
    }

    private static V1Pod Pod(string name, string phase, string? node = null, DateTime? created = null, bool deleting = false, string? reason = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Uid = "uid-" + name,
            CreationTimestamp = created ?? Start,
            DeletionTimestamp = deleting ? Start.AddHours(1) : null,
        },
        Spec = new V1PodSpec { NodeName = node },
        Status = new V1PodStatus { Phase = phase, Reason = reason },
    };

    private static V1Node Node(string name, bool ready, bool outOfService) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1NodeSpec { Taints = outOfService ? new List<V1Taint> { new() { Key = PodGcSelection.OutOfServiceTaint, Effect = "NoExecute" } } : null },
        Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = ready ? "True" : "False" }] },
    };
}
