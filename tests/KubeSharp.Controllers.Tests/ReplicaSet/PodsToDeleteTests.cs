using k8s.Models;
using KubeSharp.Controllers.ReplicaSet;

namespace KubeSharp.Controllers.Tests.ReplicaSet;

public sealed class PodsToDeleteTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Deletes_unscheduled_then_pending_then_not_ready_pods_first()
    {
        var running = Pod("running", "n1", "Running", ready: true);
        var notReady = Pod("not-ready", "n1", "Running", ready: false);
        var pending = Pod("pending", "n2", "Pending", ready: false);
        var unscheduled = Pod("unscheduled", null, "Pending", ready: false);

        var order = PodsToDelete.Choose([running, notReady, pending, unscheduled], 4, Now).Select(p => p.Metadata.Name);

        Assert.Equal(["unscheduled", "pending", "not-ready", "running"], order);
    }

    [Fact]
    public void Lower_deletion_cost_then_crowded_nodes_then_newest_go_first()
    {
        var cheap = Pod("cheap", "n1", "Running", ready: true, cost: -10);
        var alone = Pod("alone", "n2", "Running", ready: true);
        var crowdedOld = Pod("crowded-old", "n3", "Running", ready: true, created: Now.AddHours(-2));
        var crowdedNew = Pod("crowded-new", "n3", "Running", ready: true, created: Now.AddHours(-1));

        var order = PodsToDelete.Choose([alone, crowdedOld, crowdedNew, cheap], 3, Now).Select(p => p.Metadata.Name);

        Assert.Equal(["cheap", "crowded-new", "crowded-old"], order);
    }

    private static V1Pod Pod(string name, string? node, string phase, bool ready, int cost = 0, DateTimeOffset? created = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            CreationTimestamp = (created ?? Now.AddHours(-3)).UtcDateTime,
            Annotations = cost == 0 ? null : new Dictionary<string, string> { [PodsToDelete.DeletionCostAnnotation] = cost.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        },
        Spec = new V1PodSpec { NodeName = node },
        Status = new V1PodStatus
        {
            Phase = phase,
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = Now.AddHours(-3).UtcDateTime }],
        },
    };
}
