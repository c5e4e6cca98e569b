using k8s.Models;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.NodePorts;
using static KubeSharp.Scheduler.Tests.Plugins.PluginTestHelpers;

namespace KubeSharp.Scheduler.Tests.Plugins;

/// <summary>Upstream's node_ports_test.go table.</summary>
public sealed class NodePortsTests
{
    private static readonly Dictionary<string, FilterCase> Cases = new()
    {
        ["same udp port"] = new([("UDP", "127.0.0.1", 8080)], [("UDP", "127.0.0.1", 8080)], Fits: false),
        ["other udp port"] = new([("UDP", "127.0.0.1", 8080)], [("UDP", "127.0.0.1", 8081)], Fits: true),
        ["same tcp port"] = new([("TCP", "127.0.0.1", 8080)], [("TCP", "127.0.0.1", 8080)], Fits: false),
        ["different host ip"] = new([("TCP", "127.0.0.1", 8080)], [("TCP", "127.0.0.2", 8080)], Fits: true),
        ["different protocol"] = new([("UDP", "127.0.0.1", 8080)], [("TCP", "127.0.0.1", 8080)], Fits: true),
        ["second udp port conflict"] = new([("UDP", "127.0.0.1", 8000), ("UDP", "127.0.0.1", 8080)], [("UDP", "127.0.0.1", 8001), ("UDP", "127.0.0.1", 8080)], Fits: false),
        ["first tcp port conflict"] = new([("TCP", "127.0.0.1", 8001), ("UDP", "127.0.0.1", 8080)], [("TCP", "127.0.0.1", 8001), ("UDP", "127.0.0.1", 8081)], Fits: false),
        ["first tcp port conflict due to 0.0.0.0 hostIP"] = new([("TCP", "0.0.0.0", 8001)], [("TCP", "127.0.0.1", 8001)], Fits: false),
        ["TCP hostPort conflict due to 0.0.0.0 hostIP"] = new([("TCP", "10.0.10.10", 8001), ("TCP", "0.0.0.0", 8001)], [("TCP", "127.0.0.1", 8001)], Fits: false),
        ["second tcp port conflict to 0.0.0.0 hostIP"] = new([("TCP", "127.0.0.1", 8001)], [("TCP", "0.0.0.0", 8001)], Fits: false),
        ["second different protocol"] = new([("UDP", "0.0.0.0", 8001)], [("TCP", "0.0.0.0", 8001)], Fits: true),
        ["UDP hostPort conflict due to 0.0.0.0 hostIP"] = new([("UDP", "0.0.0.0", 8001)], [("TCP", "0.0.0.0", 8001), ("UDP", "0.0.0.0", 8001)], Fits: false),
        ["an empty host IP means 0.0.0.0"] = new([("TCP", "", 8001)], [("TCP", "127.0.0.1", 8001)], Fits: false),
        ["an empty protocol means TCP"] = new([("TCP", "127.0.0.1", 8001)], [("", "127.0.0.1", 8001)], Fits: false),
        ["a sidecar's host port counts"] = new([("TCP", "127.0.0.1", 8001)], [("TCP", "127.0.0.1", 8001)], Fits: false, Sidecar: true),
    };

    public static TheoryData<string> CaseNames() => Names(Cases);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Filter_Rejects_Taken_Host_Ports(string name)
    {
        var test = Cases[name];
        var snapshot = SnapshotOf([Builders.Node("node1")], [WithPorts(Builders.Pod("existing", node: "node1"), test.Used)]);
        var plugin = (NodePorts)NodePorts.New(null, new FakeFrameworkHandle(snapshot));
        var pod = Builders.Pod("pod");
        if (test.Sidecar)
        {
            pod.Spec.InitContainers = [new V1Container { Name = "sidecar", RestartPolicy = "Always" }];
            WithPorts(pod.Spec.InitContainers[0], test.Wanted);
        }
        else
        {
            WithPorts(pod, test.Wanted);
        }

        var podInfo = new PodInfo(pod);
        var state = new CycleState();

        AssertStatus(plugin.PreFilter(state, podInfo, snapshot.NodeInfos).Status, Code.Success);
        var status = plugin.Filter(state, podInfo, snapshot.NodeInfos[0]);

        if (test.Fits)
        {
            AssertStatus(status, Code.Success);
        }
        else
        {
            AssertStatus(status, Code.Unschedulable, "node(s) didn't have free ports for the requested pod ports");
        }
    }

    [Fact]
    public void PreFilter_Skips_A_Pod_Without_Host_Ports()
    {
        var plugin = (NodePorts)NodePorts.New(null, new FakeFrameworkHandle(new Snapshot()));
        var pod = Builders.Pod("pod");
        pod.Spec.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 80 }];

        var (result, status) = plugin.PreFilter(new CycleState(), new PodInfo(pod), []);

        Assert.Null(result);
        AssertStatus(status, Code.Skip);
    }

    [Fact]
    public void Filter_Without_PreFilter_Still_Finds_Conflicts()
    {
        var snapshot = SnapshotOf([Builders.Node("node1")], [WithPorts(Builders.Pod("existing", node: "node1"), [("TCP", "", 80)])]);
        var plugin = (NodePorts)NodePorts.New(null, new FakeFrameworkHandle(snapshot));

        var status = plugin.Filter(new CycleState(), new PodInfo(WithPorts(Builders.Pod("pod"), [("TCP", "", 80)])), snapshot.NodeInfos[0]);

        Assert.Equal(Code.Unschedulable, status.Code);
    }

    [Fact]
    public void Deleted_Pods_Requeue_Rejected_Pods()
    {
        var plugin = (IEnqueueExtensions)NodePorts.New(null, new FakeFrameworkHandle(new Snapshot()));

        Assert.Contains(plugin.EventsToRegister(), registered => registered.Matches(ClusterEvent.PodDelete));
        Assert.Contains(plugin.EventsToRegister(), registered => registered.Matches(ClusterEvent.NodeAdd));
    }

    private static V1Pod WithPorts(V1Pod pod, (string Protocol, string Ip, int Port)[] ports)
    {
        WithPorts(pod.Spec.Containers[0], ports);
        return pod;
    }

    private static void WithPorts(V1Container container, (string Protocol, string Ip, int Port)[] ports) =>
        container.Ports = [.. ports.Select(port => new V1ContainerPort { ContainerPort = port.Port, HostPort = port.Port, HostIP = port.Ip, Protocol = port.Protocol })];

    private sealed record FilterCase((string Protocol, string Ip, int Port)[] Used, (string Protocol, string Ip, int Port)[] Wanted, bool Fits, bool Sidecar = false);
}
