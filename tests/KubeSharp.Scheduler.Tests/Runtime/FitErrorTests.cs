using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Runtime;

namespace KubeSharp.Scheduler.Tests.Runtime;

public sealed class FitErrorTests
{
    [Fact]
    public void Counts_Reasons_Per_Node_Sorted_As_Upstream()
    {
        var diagnosis = new Diagnosis();
        diagnosis.NodeToStatus.Statuses["n1"] = Status.Unschedulable("Insufficient cpu");
        diagnosis.NodeToStatus.Statuses["n2"] = Status.Unschedulable("Insufficient cpu", "Insufficient memory");
        diagnosis.NodeToStatus.Statuses["n3"] = Status.Unresolvable("node(s) had untolerated taint {dedicated: gpu}");
        diagnosis.NodeToStatus.Statuses["n4"] = Status.Unresolvable("node(s) had untolerated taint {dedicated: gpu}");
        diagnosis.NodeToStatus.Statuses["n5"] = Status.Unresolvable("node(s) had untolerated taint {dedicated: gpu}");
        diagnosis.PostFilterMessage = "preemption: 0/5 nodes are available: 2 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling";

        Assert.Equal(
            "0/5 nodes are available: 1 Insufficient memory, 2 Insufficient cpu, 3 node(s) had untolerated taint {dedicated: gpu}. "
            + "preemption: 0/5 nodes are available: 2 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.",
            new FitError(5, diagnosis).Message);
    }

    [Fact]
    public void A_PreFilter_Rejection_Is_The_Whole_Reason()
    {
        var diagnosis = new Diagnosis { PreFilterMessage = "node(s) didn't match Pod's node affinity/selector" };
        diagnosis.NodeToStatus.AbsentNodesStatus = Status.Unresolvable("node(s) didn't match Pod's node affinity/selector");
        Assert.Equal("0/3 nodes are available: node(s) didn't match Pod's node affinity/selector.", new FitError(3, diagnosis).Message);
    }

    [Fact]
    public void Nodes_Left_Out_By_PreFilter_Count_With_The_Absent_Status()
    {
        var diagnosis = new Diagnosis();
        diagnosis.NodeToStatus.AbsentNodesStatus = Status.Unresolvable("node is filtered out by the prefilter result");
        diagnosis.NodeToStatus.Statuses["n1"] = Status.Unschedulable("Too many pods");
        Assert.Equal("0/4 nodes are available: 1 Too many pods, 3 node is filtered out by the prefilter result.", new FitError(4, diagnosis).Message);
    }

    [Theory]
    [InlineData(0, 50, 50)]
    [InlineData(0, 99, 99)]
    [InlineData(0, 1000, 420)]
    [InlineData(0, 5000, 500)]
    [InlineData(0, 6000, 300)]
    [InlineData(0, 100_000, 5000)]
    [InlineData(30, 1000, 300)]
    [InlineData(1, 1000, 100)]
    [InlineData(100, 5000, 5000)]
    public void Feasible_Nodes_To_Find_Follows_The_Adaptive_Percentage(int percentage, int nodes, int expected) =>
        Assert.Equal(expected, PodScheduler.NumFeasibleNodesToFind(percentage, nodes));
}
