using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.NodeName;

namespace KubeSharp.Scheduler.Tests.Plugins;

public sealed class NodeNameTests
{
    [Theory]
    [InlineData(null, "node1", true)] // no node name: every node
    [InlineData("", "node1", true)]
    [InlineData("node1", "node1", true)]
    [InlineData("node2", "node1", false)]
    public void Filter_Matches_The_Requested_Node_Name(string? requested, string node, bool fits)
    {
        var plugin = (IFilterPlugin)NodeName.New(null, new FakeFrameworkHandle(new Snapshot()));
        var pod = Builders.Pod("p");
        pod.Spec.NodeName = requested;

        var status = plugin.Filter(new CycleState(), new PodInfo(pod), new NodeInfo(Builders.Node(node)));

        if (fits)
        {
            PluginTestHelpers.AssertStatus(status, Code.Success);
        }
        else
        {
            PluginTestHelpers.AssertStatus(status, Code.UnschedulableAndUnresolvable, "node(s) didn't match the requested node name");
        }
    }

    [Fact]
    public void Filter_Errs_Without_The_Node_Object()
    {
        var plugin = (IFilterPlugin)NodeName.New(null, new FakeFrameworkHandle(new Snapshot()));

        Assert.Equal(Code.Error, plugin.Filter(new CycleState(), new PodInfo(Builders.Pod("p")), new NodeInfo("ghost")).Code);
    }

    [Fact]
    public void Node_Additions_Requeue_Rejected_Pods()
    {
        var plugin = (IEnqueueExtensions)NodeName.New(null, new FakeFrameworkHandle(new Snapshot()));

        Assert.Contains(plugin.EventsToRegister(), registered => registered.Matches(ClusterEvent.NodeAdd));
        Assert.DoesNotContain(plugin.EventsToRegister(), registered => registered.Matches(ClusterEvent.PodDelete));
    }
}
