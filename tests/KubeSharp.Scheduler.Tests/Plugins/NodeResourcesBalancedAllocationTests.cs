using k8s.Models;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.NodeResourcesBalancedAllocation;
using static KubeSharp.Scheduler.Tests.Plugins.PluginTestHelpers;

namespace KubeSharp.Scheduler.Tests.Plugins;

/// <summary>Upstream's balanced_allocation_test.go table (cpu in millicores, memory in bytes).</summary>
public sealed class NodeResourcesBalancedAllocationTests
{
    private const string WithGpu = """{"resources":[{"name":"cpu","weight":1},{"name":"memory","weight":1},{"name":"nvidia.com/gpu","weight":1}]}""";

    private static readonly Dictionary<string, ScoreCase> Cases = new()
    {
        // Both fractions are 0, so they are perfectly balanced.
        ["nothing scheduled, nothing requested"] = new(
            null, PodWithRequests("pod", null), [Node("node1", "4000m", "10000"), Node("node2", "4000m", "10000")], [], [100, 100]),

        // node1: cpu 3000/4000 = 0.75, memory 5000/10000 = 0.5, std 0.125 → 87; node2: 0.5 and 0.5 → 100.
        ["nothing scheduled, resources requested, differently sized nodes"] = new(
            null, CpuAndMemory("pod", null), [Node("node1", "4000m", "10000"), Node("node2", "6000m", "10000")], [], [87, 100]),

        // node1: 6000/10000 and 5000/20000, std 0.175 → 82; node2: 6000/10000 and 10000/20000, std 0.05 → 95.
        ["resources requested, pods scheduled with resources"] = new(
            null, CpuAndMemory("pod", null), [Node("node1", "10000m", "20000"), Node("node2", "10000m", "20000")],
            [CpuOnly("e1", "node1"), CpuAndMemory("e2", "node2")], [82, 95]),

        ["scores even if PreScore is not called"] = new(
            null, CpuAndMemory("pod", null), [Node("node1", "10000m", "20000"), Node("node2", "10000m", "20000")],
            [CpuOnly("e1", "node1"), CpuAndMemory("e2", "node2")], [82, 95], RunPreScore: false),

        // node2: 6000/10000 and 10000/50000, std 0.2 → 80.
        ["resources requested, pods scheduled with resources, differently sized nodes"] = new(
            null, CpuAndMemory("pod", null), [Node("node1", "10000m", "20000"), Node("node2", "10000m", "50000")],
            [CpuOnly("e1", "node1"), CpuAndMemory("e2", "node2")], [82, 80]),

        // node1: 6000/6000 and 0/10000, std 0.5 → 50; node2: 6000/6000 and 5000/10000, std 0.25 → 75.
        ["requested resources at node capacity"] = new(
            null, CpuOnly("pod", null), [Node("node1", "6000m", "10000"), Node("node2", "6000m", "10000")],
            [CpuOnly("e1", "node1"), CpuAndMemory("e2", "node2")], [50, 75]),

        // node1: 3000/3500, 5000/40000, gpu 4/8, std 0.3002 → 70; node2: 3000/3500, 5000/40000, gpu 1/8, std 0.345 → 65.
        ["a scalar resource on the nodes is balanced too"] = new(
            WithGpu, PodWithRequests("pod", null, Builders.Labels("memory=0", "nvidia.com/gpu=1")),
            [Node("node1", "3500m", "40000").WithAllocatable("nvidia.com/gpu", "8"), Node("node2", "3500m", "40000").WithAllocatable("nvidia.com/gpu", "8")],
            [CpuAndMemory("e1", "node2"), CpuAndMemoryAndGpu("e2", "node1")], [70, 65]),

        // The pod requests no gpu: both nodes balance cpu 3000/3500 against memory 5000/40000 → 63.
        ["a scalar resource the pod does not request is skipped"] = new(
            WithGpu, CpuAndMemory("pod", null), [Node("node1", "3500m", "40000").WithAllocatable("nvidia.com/gpu", "8"), Node("node2", "3500m", "40000")], [], [63, 63]),

        // With one resource there is nothing to balance.
        ["a single resource"] = new(
            """{"resources":[{"name":"cpu"}]}""", CpuAndMemory("pod", null), [Node("node1", "4000m", "10000"), Node("node2", "6000m", "10000")], [], [100, 100]),
    };

    public static TheoryData<string> CaseNames() => Names(Cases);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Score(string name)
    {
        var test = Cases[name];
        var snapshot = SnapshotOf(test.Nodes, test.Existing);
        var plugin = (NodeResourcesBalancedAllocation)NodeResourcesBalancedAllocation.New(test.Args is null ? null : Json(test.Args), new FakeFrameworkHandle(snapshot));
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
    [InlineData("""{"resources":[{"name":"cpu","weight":2}]}""")]
    [InlineData("""{"resources":[{"name":"cpu","weight":1},{"name":"cpu","weight":1}]}""")]
    [InlineData("""{"resources":[{"weight":1}]}""")]
    [InlineData("""{"resource":[]}""")]
    public void New_Rejects_Invalid_Args(string args)
    {
        Assert.Throws<ArgumentException>(() => NodeResourcesBalancedAllocation.New(Json(args), new FakeFrameworkHandle(new Snapshot())));
    }

    private static V1Node Node(string name, string cpu, string memory) => Builders.Node(name, cpu: cpu, memory: memory);

    private static V1Pod CpuAndMemory(string name, string? node) =>
        PodWithRequests(name, node, Builders.Labels("cpu=1000m", "memory=2000"), Builders.Labels("cpu=2000m", "memory=3000"));

    private static V1Pod CpuOnly(string name, string? node) =>
        PodWithRequests(name, node, Builders.Labels("cpu=1000m", "memory=0"), Builders.Labels("cpu=2000m", "memory=0"));

    private static V1Pod CpuAndMemoryAndGpu(string name, string? node) =>
        PodWithRequests(name, node, Builders.Labels("cpu=1000m", "memory=2000"), Builders.Labels("cpu=2000m", "memory=3000", "nvidia.com/gpu=3"));

    private sealed record ScoreCase(string? Args, V1Pod Pod, V1Node[] Nodes, V1Pod[] Existing, long[] Expected, bool RunPreScore = true);
}
