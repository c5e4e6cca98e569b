using k8s.Models;
using KubeSharp.Controllers.NodeLifecycle;

namespace KubeSharp.Controllers.Tests.NodeLifecycle;

/// <summary>What the controller writes when a kubelet goes silent.</summary>
public sealed class NodeConditionsTests
{
    private static readonly DateTime Beat = new(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = Beat.AddMinutes(1);

    [Fact]
    public void Every_kubelet_condition_becomes_unknown_keeping_its_last_heartbeat()
    {
        var status = new V1NodeStatus
        {
            Conditions =
            [
                Condition("MemoryPressure", "False"),
                Condition("DiskPressure", "False"),
                Condition("PIDPressure", "False"),
                Condition("Ready", "True"),
                Condition("NetworkUnavailable", "False"),
            ],
        };

        Assert.True(NodeConditions.MarkUnknown(status, Beat.AddDays(-1), Now));

        foreach (var condition in status.Conditions.Where(c => c.Type != "NetworkUnavailable"))
        {
            Assert.Equal("Unknown", condition.Status);
            Assert.Equal("NodeStatusUnknown", condition.Reason);
            Assert.Equal("Kubelet stopped posting node status.", condition.Message);
            Assert.Equal(Beat, condition.LastHeartbeatTime);
            Assert.Equal(Now, condition.LastTransitionTime);
        }

        // The network plugin owns NetworkUnavailable, not the kubelet.
        Assert.Equal("False", status.Conditions.Single(c => c.Type == "NetworkUnavailable").Status);
    }

    [Fact]
    public void Conditions_never_posted_are_added_and_a_second_pass_changes_nothing()
    {
        var created = Beat.AddDays(-1);
        var status = new V1NodeStatus();

        Assert.True(NodeConditions.MarkUnknown(status, created, Now));

        Assert.Equal(["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"], status.Conditions.Select(c => c.Type));
        Assert.All(status.Conditions, condition =>
        {
            Assert.Equal("Unknown", condition.Status);
            Assert.Equal("NodeStatusNeverUpdated", condition.Reason);
            Assert.Equal("Kubelet never posted node status.", condition.Message);
            Assert.Equal(created, condition.LastHeartbeatTime);
        });
        Assert.False(NodeConditions.MarkUnknown(status, created, Now.AddMinutes(1)));
    }

    private static V1NodeCondition Condition(string type, string status) => new()
    {
        Type = type,
        Status = status,
        Reason = "Kubelet",
        LastHeartbeatTime = Beat,
        LastTransitionTime = Beat.AddHours(-1),
    };
}
