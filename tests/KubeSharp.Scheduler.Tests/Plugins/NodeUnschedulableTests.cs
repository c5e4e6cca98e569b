using k8s.Models;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.NodeUnschedulable;
using static KubeSharp.Scheduler.Tests.Plugins.PluginTestHelpers;

namespace KubeSharp.Scheduler.Tests.Plugins;

public sealed class NodeUnschedulableTests
{
    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["schedulable node, no tolerations"] = new(false, [], true),
        ["unschedulable node, no tolerations"] = new(true, [], false),
        ["unschedulable node, toleration of the unschedulable taint"] =
            new(true, [Toleration("node.kubernetes.io/unschedulable", "Exists", null, "NoSchedule")], true),
        ["unschedulable node, toleration of every taint"] = new(true, [Toleration(null, "Exists", null, null)], true),
        ["unschedulable node, toleration with another effect"] =
            new(true, [Toleration("node.kubernetes.io/unschedulable", "Exists", null, "NoExecute")], false),
        ["unschedulable node, toleration of another key"] = new(true, [Toleration("foo", "Exists", null, "NoSchedule")], false),
        ["unschedulable node, Equal toleration with the empty value"] =
            new(true, [Toleration("node.kubernetes.io/unschedulable", null, null, "NoSchedule")], true),
    };

    public static TheoryData<string> CaseNames() => Names(Cases);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Filter_Rejects_Unschedulable_Nodes_Unless_Tolerated(string name)
    {
        var (unschedulable, tolerations, fits) = Cases[name];
        var plugin = (IFilterPlugin)NodeUnschedulable.New(null, new FakeFrameworkHandle(new Snapshot()));
        var pod = Builders.Pod("p").WithTolerations(tolerations);

        var status = plugin.Filter(new CycleState(), new PodInfo(pod), new NodeInfo(Builders.Node("node1", unschedulable: unschedulable)));

        if (fits)
        {
            AssertStatus(status, Code.Success);
        }
        else
        {
            AssertStatus(status, Code.UnschedulableAndUnresolvable, "node(s) were unschedulable");
        }
    }

    [Fact]
    public void Filter_Rejects_A_Node_Known_Only_By_Its_Pods()
    {
        var plugin = (IFilterPlugin)NodeUnschedulable.New(null, new FakeFrameworkHandle(new Snapshot()));

        AssertStatus(plugin.Filter(new CycleState(), new PodInfo(Builders.Pod("p")), new NodeInfo("ghost")), Code.UnschedulableAndUnresolvable, "node(s) had unknown conditions");
    }

    [Fact]
    public void Uncordoning_Requeues_Rejected_Pods()
    {
        var plugin = (IEnqueueExtensions)NodeUnschedulable.New(null, new FakeFrameworkHandle(new Snapshot()));

        Assert.Contains(plugin.EventsToRegister(), registered => registered.Matches(new ClusterEvent(EventResource.Node, ActionType.UpdateNodeTaint)));
        Assert.Contains(plugin.EventsToRegister(), registered => registered.Matches(ClusterEvent.NodeAdd));
    }

    private sealed record Case(bool Unschedulable, V1Toleration[] Tolerations, bool Fits);
}
