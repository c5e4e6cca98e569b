using k8s.Models;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.NodeResourcesFit;
using static KubeSharp.Scheduler.Tests.Plugins.PluginTestHelpers;

namespace KubeSharp.Scheduler.Tests.Plugins;

/// <summary>
/// Upstream's fit_test.go, least_allocated_test.go, most_allocated_test.go and
/// requested_to_capacity_ratio_test.go tables. As there, cpu "4000" on a node is 4000 cores and
/// memory "10000" is bytes: only the ratios matter.
/// </summary>
public sealed class NodeResourcesFitTests
{
    private const string Least = """{"scoringStrategy":{"type":"LeastAllocated","resources":[{"name":"cpu","weight":1},{"name":"memory","weight":1}]}}""";
    private const string LeastWeighted = """{"scoringStrategy":{"type":"LeastAllocated","resources":[{"name":"memory","weight":2},{"name":"cpu","weight":1}]}}""";
    private const string LeastExtended = """{"scoringStrategy":{"type":"LeastAllocated","resources":[{"name":"cpu","weight":1},{"name":"memory","weight":1},{"name":"abc.com/xyz","weight":1}]}}""";
    private const string LeastExtendedFirst = """{"scoringStrategy":{"type":"LeastAllocated","resources":[{"name":"abc.com/xyz","weight":2},{"name":"cpu","weight":1},{"name":"memory","weight":1}]}}""";
    private const string Most = """{"scoringStrategy":{"type":"MostAllocated"}}""";
    private const string MostWeighted = """{"scoringStrategy":{"type":"MostAllocated","resources":[{"name":"memory","weight":2},{"name":"cpu","weight":1}]}}""";
    private const string MostExtended = """{"scoringStrategy":{"type":"MostAllocated","resources":[{"name":"cpu","weight":1},{"name":"memory","weight":1},{"name":"abc.com/xyz","weight":1}]}}""";
    private const string MostExtendedFirst = """{"scoringStrategy":{"type":"MostAllocated","resources":[{"name":"abc.com/xyz","weight":2},{"name":"cpu","weight":1},{"name":"memory","weight":1}]}}""";
    private const string Ratio = """{"scoringStrategy":{"type":"RequestedToCapacityRatio","resources":[{"name":"cpu","weight":1},{"name":"memory","weight":1}],"requestedToCapacityRatio":{"shape":[{"utilization":0,"score":10},{"utilization":100,"score":0}]}}}""";
    private const string RatioFoo = """{"scoringStrategy":{"type":"RequestedToCapacityRatio","resources":[{"name":"intel.com/foo","weight":1}],"requestedToCapacityRatio":{"shape":[{"utilization":0,"score":0},{"utilization":100,"score":1}]}}}""";
    private const string RatioFooBar = """{"scoringStrategy":{"type":"RequestedToCapacityRatio","resources":[{"name":"intel.com/foo","weight":3},{"name":"intel.com/bar","weight":5}],"requestedToCapacityRatio":{"shape":[{"utilization":0,"score":0},{"utilization":100,"score":1}]}}}""";

    private static readonly Dictionary<string, FilterCase> FilterCases = new()
    {
        ["no resources requested always fits"] = new(PodWithRequests("p", null), Req("cpu=10m", "memory=20"), []),
        ["too many resources fails"] = new(PodWithRequests("p", null, Req("cpu=1m", "memory=1")), Req("cpu=10m", "memory=20"), ["Insufficient cpu", "Insufficient memory"]),
        ["too few resources fits"] = new(PodWithRequests("p", null, Req("cpu=1m", "memory=1")), Req("cpu=5m", "memory=5"), []),
        ["requests that just fit"] = new(PodWithRequests("p", null, Req("cpu=2m", "memory=1")), Req("cpu=8m", "memory=19"), []),
        ["an init container larger than the containers counts alone"] = new(
            PodWithRequests("p", null, Req("cpu=1m", "memory=1")).WithInitContainer(Req("cpu=3m", "memory=1")), Req("cpu=8m", "memory=19"), ["Insufficient cpu"]),
        ["a sidecar adds to the containers"] = new(
            PodWithRequests("p", null, Req("cpu=1m", "memory=1")).WithInitContainer(Req("cpu=2m", "memory=1"), sidecar: true), Req("cpu=8m", "memory=19"), ["Insufficient cpu", "Insufficient memory"]),
        ["memory only"] = new(PodWithRequests("p", null, Req("cpu=1m", "memory=2")), Req("cpu=5m", "memory=19"), ["Insufficient memory"]),
        ["ephemeral storage"] = new(PodWithRequests("p", null, Req("ephemeral-storage=10")), null, ["Insufficient ephemeral-storage"]),
        ["an extended resource that fits"] = new(PodWithRequests("p", null, Req("example.com/aaa=5")), null, []),
        ["an extended resource too large"] = new(PodWithRequests("p", null, Req("example.com/aaa=6")), null, ["Insufficient example.com/aaa"]),
        ["an extended resource partly used"] = new(PodWithRequests("p", null, Req("example.com/aaa=3")), Req("example.com/aaa=3"), ["Insufficient example.com/aaa"]),
        ["an extended resource the node lacks"] = new(PodWithRequests("p", null, Req("example.com/ccc=1")), null, ["Insufficient example.com/ccc"]),
        ["a zero request of a resource the node lacks"] = new(PodWithRequests("p", null, Req("example.com/ccc=0")), null, []),
        ["an ignored extended resource"] = new(PodWithRequests("p", null, Req("example.com/aaa=6")), null, [], Args: """{"ignoredResources":["example.com/aaa"]}"""),
        ["an ignored resource group"] = new(PodWithRequests("p", null, Req("example.com/aaa=6")), null, [], Args: """{"ignoredResourceGroups":["example.com"]}"""),
        ["another resource group"] = new(PodWithRequests("p", null, Req("example.com/aaa=6")), null, ["Insufficient example.com/aaa"], Args: """{"ignoredResourceGroups":["example.org"]}"""),
        ["hugepages cannot be ignored"] = new(PodWithRequests("p", null, Req("hugepages-2Mi=6")), null, ["Insufficient hugepages-2Mi"], Args: """{"ignoredResources":["hugepages-2Mi"]}"""),
        ["reasons for resources by name come sorted"] = new(
            PodWithRequests("p", null, Req("example.com/ccc=1", "example.com/aaa=6")), null, ["Insufficient example.com/aaa", "Insufficient example.com/ccc"]),
        ["too many pods"] = new(PodWithRequests("p", null), Req(), ["Too many pods"], Pods: "1"),
        ["too many pods and too many resources"] = new(
            PodWithRequests("p", null, Req("cpu=1m", "memory=1")), Req("cpu=10m", "memory=20"), ["Too many pods", "Insufficient cpu", "Insufficient memory"], Pods: "1"),
    };

    private static readonly Dictionary<string, ScoreCase> ScoreCases = new()
    {
        // LeastAllocated.
        ["least: nothing scheduled, nothing requested"] = new(Least, Empty(), [Node("node1", "4000", "10000"), Node("node2", "4000", "10000")], [], [100, 100]),
        ["least: nothing scheduled, resources requested, differently sized nodes"] = new(
            Least, TwoContainers(), [Node("node1", "4000", "10000"), Node("node2", "6000", "10000")], [], [37, 50]),
        ["least: the default strategy"] = new(
            null, TwoContainers(), [Node("node1", "4000", "10000"), Node("node2", "6000", "10000")], [], [37, 50]),
        ["least: no resources requested, pods scheduled"] = new(
            Least, Empty(), [Node("node1", "4000", "10000"), Node("node2", "4000", "10000")],
            [PodWithRequests("e1", "node1"), PodWithRequests("e2", "node1"), PodWithRequests("e3", "node2"), PodWithRequests("e4", "node2")],
            [100, 100]),
        ["least: no resources requested, pods scheduled with resources"] = new(
            Least, Empty(), [Node("node1", "10000", "20000"), Node("node2", "10000", "20000")],
            [Existing("e1", "node1", "3000", "0"), Existing("e2", "node1", "3000", "0"), Existing("e3", "node2", "3000", "0"), Existing("e4", "node2", "3000", "5000")],
            [70, 57]),
        ["least: resources requested, pods scheduled with resources"] = new(
            Least, TwoContainers(), [Node("node1", "10000", "20000"), Node("node2", "10000", "20000")],
            [Existing("e1", "node1", "3000", "0"), Existing("e2", "node2", "3000", "5000")],
            [57, 45]),
        ["least: scores even if PreScore is not called"] = new(
            Least, TwoContainers(), [Node("node1", "10000", "20000"), Node("node2", "10000", "20000")],
            [Existing("e1", "node1", "3000", "0"), Existing("e2", "node2", "3000", "5000")],
            [57, 45],
            RunPreScore: false),
        ["least: resources requested, pods scheduled with resources, differently sized nodes"] = new(
            Least, TwoContainers(), [Node("node1", "10000", "20000"), Node("node2", "10000", "50000")],
            [Existing("e1", "node1", "3000", "0"), Existing("e2", "node2", "3000", "5000")],
            [57, 60]),
        ["least: requested resources exceed node capacity"] = new(
            Least, PodWithRequests("pod", null, Req("cpu=3000", "memory=0")), [Node("node1", "4000", "10000"), Node("node2", "4000", "10000")],
            [Existing("e1", "node1", "3000", "0"), Existing("e2", "node2", "3000", "5000")],
            [50, 25]),
        ["least: zero node resources"] = new(
            Least, Empty(), [Node("node1", "0", "0"), Node("node2", "0", "0")],
            [Existing("e1", "node1", "3000", "0"), Existing("e2", "node2", "3000", "5000")],
            [0, 0]),
        ["least: different weights on cpu and memory"] = new(
            LeastWeighted, TwoContainers(), [Node("node1", "4000", "10000"), Node("node2", "6000", "10000")], [], [41, 50]),
        ["least: an extended resource the pod does not request is bypassed"] = new(
            LeastExtended, TwoContainers(), [Node("node1", "6000", "10000"), Node("node2", "6000", "10000").WithAllocatable("abc.com/xyz", "4")], [], [50, 50]),
        ["least: an extended resource the pod requests counts"] = new(
            LeastExtended, PodWithRequests("pod", null, Req("cpu=3000", "memory=5000", "abc.com/xyz=2")),
            [Node("node1", "6000", "10000").WithAllocatable("abc.com/xyz", "4"), Node("node2", "6000", "10000").WithAllocatable("abc.com/xyz", "10")], [], [50, 60]),
        ["least: a resource the node does not have is skipped"] = new(
            LeastExtendedFirst, PodWithRequests("pod", null, Req("cpu=3000", "memory=4000")),
            [Node("node1", "6000", "10000"), Node("node2", "6000", "10000").WithAllocatable("abc.com/xyz", "4")], [], [55, 55]),

        // MostAllocated.
        ["most: nothing scheduled, nothing requested"] = new(Most, Empty(), [Node("node1", "4000", "10000"), Node("node2", "4000", "10000")], [], [0, 0]),
        ["most: nothing scheduled, resources requested, differently sized nodes"] = new(
            Most, TwoContainers(), [Node("node1", "4000", "10000"), Node("node2", "6000", "10000")], [], [62, 50]),
        ["most: no resources requested, pods scheduled with resources"] = new(
            Most, Empty(), [Node("node1", "10000", "20000"), Node("node2", "10000", "20000")],
            [Existing("e1", "node1", "3000", "0"), Existing("e2", "node1", "3000", "0"), Existing("e3", "node2", "3000", "0"), Existing("e4", "node2", "3000", "5000")],
            [30, 42]),
        ["most: resources requested, pods scheduled with resources"] = new(
            Most, TwoContainers(), [Node("node1", "10000", "20000"), Node("node2", "10000", "20000")],
            [Existing("e1", "node1", "3000", "0"), Existing("e2", "node2", "3000", "5000")],
            [42, 55]),
        ["most: resources requested equal node capacity"] = new(
            Most, PodWithRequests("pod", null, Req("cpu=2000", "memory=4000"), Req("cpu=3000", "memory=5000")),
            [Node("node1", "5000", "10000"), Node("node2", "10000", "9000")], [], [95, 75]),
        ["most: different weights on cpu and memory"] = new(
            MostWeighted, TwoContainers(), [Node("node1", "4000", "10000"), Node("node2", "6000", "10000")], [], [58, 50]),
        ["most: empty requests count as the scoring defaults"] = new(
            Most, Builders.Pod("pod"), [Node("node1", "250m", "1000Mi"), Node("node2", "250m", "1000Mi")],
            [Builders.Pod("e1", node: "node1"), Builders.Pod("e2", node: "node1")],
            [80, 30]),
        ["most: an extended resource the pod requests counts"] = new(
            MostExtended, PodWithRequests("pod", null, Req("cpu=3000", "memory=5000", "abc.com/xyz=2")),
            [Node("node1", "6000", "10000").WithAllocatable("abc.com/xyz", "4"), Node("node2", "6000", "10000").WithAllocatable("abc.com/xyz", "10")], [], [50, 40]),
        ["most: a resource the node does not have is skipped"] = new(
            MostExtendedFirst, PodWithRequests("pod", null, Req("cpu=3000", "memory=4000")),
            [Node("node1", "6000", "10000"), Node("node2", "6000", "10000").WithAllocatable("abc.com/xyz", "4")], [], [45, 45]),

        // RequestedToCapacityRatio.
        ["ratio: nothing scheduled, nothing requested"] = new(
            Ratio, Empty(), [Node("node1", "4000", "10000"), Node("node2", "4000", "10000")], [PodWithRequests("e1", "node1"), PodWithRequests("e2", "node1")], [100, 100]),
        ["ratio: nothing scheduled, resources requested, differently sized nodes"] = new(
            Ratio, TwoContainers(), [Node("node1", "4000", "10000"), Node("node2", "6000", "10000")], [PodWithRequests("e1", "node1"), PodWithRequests("e2", "node1")], [38, 50]),
        ["ratio: no resources requested, pods scheduled with resources"] = new(
            Ratio, Empty(), [Node("node1", "4000", "10000"), Node("node2", "6000", "10000")],
            [Existing("e1", "node1", "3000", "5000"), Existing("e2", "node2", "3000", "5000")],
            [38, 50]),
        ["ratio: one extended resource, nothing requested"] = new(RatioFoo, Empty(), FooNodes(), [], [0, 0]),
        ["ratio: one extended resource requested"] = new(RatioFoo, PodWithRequests("pod", null, Req("intel.com/foo=2")), FooNodes(), [], [2, 5]),
        ["ratio: one extended resource requested, partly used"] = new(
            RatioFoo, PodWithRequests("pod", null, Req("intel.com/foo=2")), FooNodes(), [PodWithRequests("e1", "node2", Req("intel.com/foo=2"))], [2, 10]),
        ["ratio: one extended resource requested, more"] = new(RatioFoo, PodWithRequests("pod", null, Req("intel.com/foo=4")), FooNodes(), [], [5, 10]),
        ["ratio: one extended resource requested beyond capacity"] = new(RatioFoo, PodWithRequests("pod", null, Req("intel.com/foo=6")), FooNodes(), [], [7, 10]),
        ["ratio: two extended resources, nothing requested"] = new(RatioFooBar, Empty(), FooBarNodes(), [], [0, 0]),
        ["ratio: two extended resources requested"] = new(
            RatioFooBar, PodWithRequests("pod", null, Req("intel.com/foo=2", "intel.com/bar=2")), FooBarNodes(), [], [4, 3]),
        ["ratio: two extended resources requested, more"] = new(
            RatioFooBar, PodWithRequests("pod", null, Req("intel.com/foo=4", "intel.com/bar=2")), FooBarNodes(), [], [5, 5]),
    };

    public static TheoryData<string> FilterCaseNames() => Names(FilterCases);

    public static TheoryData<string> ScoreCaseNames() => Names(ScoreCases);

    [Theory]
    [MemberData(nameof(FilterCaseNames))]
    public void Filter_Lists_Every_Insufficient_Resource(string name)
    {
        var test = FilterCases[name];
        var node = Builders.Node("node1", cpu: "10m", memory: "20", pods: test.Pods)
            .WithAllocatable("ephemeral-storage", "5")
            .WithAllocatable("example.com/aaa", "5")
            .WithAllocatable("hugepages-2Mi", "5");
        var existing = new List<V1Pod>();
        if (test.Existing is not null)
        {
            existing.Add(PodWithRequests("existing", "node1", test.Existing));
        }

        var snapshot = SnapshotOf([node], existing);
        var plugin = (NodeResourcesFit)NodeResourcesFit.New(test.Args is null ? null : Json(test.Args), new FakeFrameworkHandle(snapshot));
        var pod = new PodInfo(test.Pod);
        var state = new CycleState();

        AssertStatus(plugin.PreFilter(state, pod, snapshot.NodeInfos).Status, Code.Success);
        var status = plugin.Filter(state, pod, snapshot.NodeInfos[0]);

        AssertStatus(status, test.Reasons.Length == 0 ? Code.Success : Code.Unschedulable, test.Reasons);
    }

    [Theory]
    [MemberData(nameof(ScoreCaseNames))]
    public void Score(string name)
    {
        var test = ScoreCases[name];
        var snapshot = SnapshotOf(test.Nodes, test.Existing);
        var plugin = (NodeResourcesFit)NodeResourcesFit.New(test.Args is null ? null : Json(test.Args), new FakeFrameworkHandle(snapshot));
        var pod = new PodInfo(test.Pod);
        var state = new CycleState();

        if (test.RunPreScore)
        {
            AssertStatus(plugin.PreScore(state, pod, snapshot.NodeInfos), Code.Success);
        }

        var scores = ScoreAll(plugin, state, pod, snapshot);

        Assert.Equal(test.Expected, scores.Select(score => score.Score).ToArray());
    }

    [Theory]
    [InlineData("""{"scoringStrategy":{"type":"Foo"}}""")]
    [InlineData("""{"scoringStrategy":{"resources":[{"name":"cpu"}]}}""")]
    [InlineData("""{"scoringStrategy":{"type":"LeastAllocated","resources":[{"name":"memory","weight":-1},{"name":"cpu","weight":1}]}}""")]
    [InlineData("""{"scoringStrategy":{"type":"MostAllocated","resources":[{"name":"memory","weight":101}]}}""")]
    [InlineData("""{"scoringStrategy":{"type":"LeastAllocated","resources":[{"name":"cpu","weight":"x"}]}}""")]
    [InlineData("""{"scoringStrategy":{"type":"RequestedToCapacityRatio"}}""")]
    [InlineData("""{"scoringStrategy":{"type":"RequestedToCapacityRatio","requestedToCapacityRatio":{"shape":[]}}}""")]
    [InlineData("""{"scoringStrategy":{"type":"RequestedToCapacityRatio","requestedToCapacityRatio":{"shape":[{"utilization":50,"score":1},{"utilization":10,"score":2}]}}}""")]
    [InlineData("""{"scoringStrategy":{"type":"RequestedToCapacityRatio","requestedToCapacityRatio":{"shape":[{"utilization":0,"score":11}]}}}""")]
    [InlineData("""{"scoringStrategy":{"type":"RequestedToCapacityRatio","requestedToCapacityRatio":{"shape":[{"utilization":101,"score":1}]}}}""")]
    [InlineData("""{"ignoredResourceGroups":["example.com/aaa"]}""")]
    [InlineData("""{"ignoredResources":["not a name!"]}""")]
    [InlineData("""{"scoringStrategy":{"type":"LeastAllocated"},"unknown":1}""")]
    public void New_Rejects_Invalid_Args(string args)
    {
        Assert.Throws<ArgumentException>(() => NodeResourcesFit.New(Json(args), new FakeFrameworkHandle(new Snapshot())));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{}")]
    [InlineData("""{"scoringStrategy":{"type":"MostAllocated","resources":[{"name":"cpu","weight":0},{"name":"example.com/gpu","weight":100}]}}""")]
    [InlineData("""{"ignoredResources":["example.com/aaa"],"ignoredResourceGroups":["example.com"]}""")]
    [InlineData("""{"scoringStrategy":{"type":"RequestedToCapacityRatio","requestedToCapacityRatio":{"shape":[{"utilization":0,"score":0},{"utilization":100,"score":10}]}}}""")]
    public void New_Accepts_Valid_Args(string? args)
    {
        var plugin = NodeResourcesFit.New(args is null ? null : Json(args), new FakeFrameworkHandle(new Snapshot()));

        Assert.Equal(NodeResourcesFit.PluginName, plugin.Name);
    }

    [Fact]
    public void Freed_Resources_Requeue_Rejected_Pods()
    {
        var plugin = (IEnqueueExtensions)NodeResourcesFit.New(null, new FakeFrameworkHandle(new Snapshot()));

        Assert.Contains(plugin.EventsToRegister(), registered => registered.Matches(ClusterEvent.PodDelete));
        Assert.Contains(plugin.EventsToRegister(), registered => registered.Matches(ClusterEvent.NodeAdd));
        Assert.Contains(plugin.EventsToRegister(), registered => registered.Matches(new ClusterEvent(EventResource.Node, ActionType.UpdateNodeAllocatable)));
    }

    private static Dictionary<string, string> Req(params string[] pairs) => Builders.Labels(pairs);

    private static V1Node Node(string name, string cpu, string memory) => Builders.Node(name, cpu: cpu, memory: memory);

    private static V1Pod Empty() => PodWithRequests("pod", null);

    private static V1Pod TwoContainers() => PodWithRequests("pod", null, Req("cpu=1000", "memory=2000"), Req("cpu=2000", "memory=3000"));

    private static V1Pod Existing(string name, string node, string cpu, string memory) => PodWithRequests(name, node, Req("cpu=" + cpu, "memory=" + memory));

    private static V1Node[] FooNodes() =>
    [
        Node("node1", "4000m", "10000Mi").WithAllocatable("intel.com/foo", "8"),
        Node("node2", "4000m", "10000Mi").WithAllocatable("intel.com/foo", "4"),
    ];

    private static V1Node[] FooBarNodes() =>
    [
        Node("node1", "4000m", "10000Mi").WithAllocatable("intel.com/foo", "8").WithAllocatable("intel.com/bar", "4"),
        Node("node2", "4000m", "10000Mi").WithAllocatable("intel.com/foo", "4").WithAllocatable("intel.com/bar", "8"),
    ];

    private sealed record FilterCase(V1Pod Pod, Dictionary<string, string>? Existing, string[] Reasons, string? Args = null, string Pods = "32");

    private sealed record ScoreCase(string? Args, V1Pod Pod, V1Node[] Nodes, V1Pod[] Existing, long[] Expected, bool RunPreScore = true);
}
