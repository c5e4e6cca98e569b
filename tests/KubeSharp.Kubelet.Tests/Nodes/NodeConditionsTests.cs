using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Nodes;

namespace KubeSharp.Kubelet.Tests.Nodes;

public sealed class NodeConditionsTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
    private static readonly DateTime StartSeconds = new(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public void A_new_node_gets_the_three_pressures_false_and_ready_last()
    {
        var conditions = NodeConditions.Update(null, null, Start);

        Assert.Equal(
            ["MemoryPressure=False", "DiskPressure=False", "PIDPressure=False", "Ready=True"],
            conditions.Select(c => $"{c.Type}={c.Status}"));
        Assert.Equal(
            ["KubeletHasSufficientMemory", "KubeletHasNoDiskPressure", "KubeletHasSufficientPID", "KubeletReady"],
            conditions.Select(c => c.Reason));
        Assert.Equal("kubelet has sufficient memory available", conditions[0].Message);
        Assert.Equal("kubelet has no disk pressure", conditions[1].Message);
        Assert.Equal("kubelet has sufficient PID available", conditions[2].Message);
        Assert.Equal("kubelet is posting ready status", conditions[3].Message);
        Assert.All(conditions, c => Assert.Equal(StartSeconds, c.LastTransitionTime));
        Assert.All(conditions, c => Assert.Equal(StartSeconds, c.LastHeartbeatTime));
    }

    [Fact]
    public void A_heartbeat_moves_only_the_heartbeat_time()
    {
        var first = NodeConditions.Update(null, null, Start);

        var second = NodeConditions.Update(first, null, Start.AddSeconds(10));

        Assert.All(second, c => Assert.Equal(StartSeconds, c.LastTransitionTime));
        Assert.All(second, c => Assert.Equal(StartSeconds.AddSeconds(10), c.LastHeartbeatTime));
    }

    [Fact]
    public void Becoming_not_ready_moves_the_ready_transition_only()
    {
        var first = NodeConditions.Update(null, null, Start);

        var second = NodeConditions.Update(first, "container runtime network not ready: cni plugin not initialized", Start.AddSeconds(10));

        var ready = second.Single(c => c.Type == NodeConditions.Ready);
        Assert.Equal(("False", "KubeletNotReady"), (ready.Status, ready.Reason));
        Assert.Equal("container runtime network not ready: cni plugin not initialized", ready.Message);
        Assert.Equal(StartSeconds.AddSeconds(10), ready.LastTransitionTime);
        Assert.Equal(StartSeconds, second.Single(c => c.Type == "MemoryPressure").LastTransitionTime);
    }

    [Fact]
    public void Conditions_of_other_owners_are_kept_in_place()
    {
        var other = new V1NodeCondition { Type = "NetworkUnavailable", Status = "False", Reason = "RouteCreated" };

        var conditions = NodeConditions.Update([other], null, Start);

        Assert.Equal(["NetworkUnavailable", "MemoryPressure", "DiskPressure", "PIDPressure", "Ready"], conditions.Select(c => c.Type));
        Assert.Same(other, conditions[0]);
    }

    [Fact]
    public void The_not_ready_message_prefers_the_runtimes_words()
    {
        Assert.Null(NodeConditions.NotReadyMessage(State(true, true, null)));
        Assert.Equal("cni config uninitialized", NodeConditions.NotReadyMessage(State(true, false, "cni config uninitialized")));
        Assert.Equal("container runtime not ready", NodeConditions.NotReadyMessage(State(false, true, null)));
        Assert.Equal("container runtime network not ready", NodeConditions.NotReadyMessage(State(true, false, null)));
    }

    private static NodeRuntimeState State(bool runtimeReady, bool networkReady, string? message) =>
        new() { Version = new VersionResponse(), RuntimeReady = runtimeReady, NetworkReady = networkReady, Message = message };
}
