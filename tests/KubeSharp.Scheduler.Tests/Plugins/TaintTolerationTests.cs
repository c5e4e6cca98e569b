using k8s.Models;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.TaintToleration;
using static KubeSharp.Scheduler.Tests.Plugins.PluginTestHelpers;

namespace KubeSharp.Scheduler.Tests.Plugins;

/// <summary>Upstream's taint_toleration_test.go tables.</summary>
public sealed class TaintTolerationTests
{
    private static readonly Dictionary<string, FilterCase> FilterCases = new()
    {
        ["a pod without tolerations can't land on a node with a NoSchedule taint"] =
            new([], [Taint("dedicated", "user1", "NoSchedule")], "node(s) had untolerated taint {dedicated: user1}"),
        ["a toleration with the taint's key, value and effect tolerates it"] =
            new([Toleration("dedicated", null, "user1", "NoSchedule")], [Taint("dedicated", "user1", "NoSchedule")], null),
        ["a toleration with another value does not tolerate"] =
            new([Toleration("dedicated", "Equal", "user2", "NoSchedule")], [Taint("dedicated", "user1", "NoSchedule")], "node(s) had untolerated taint {dedicated: user1}"),
        ["Exists tolerates any value of the key"] =
            new([Toleration("foo", "Exists", null, "NoSchedule")], [Taint("foo", "bar", "NoSchedule")], null),
        ["several tolerations tolerate several taints"] =
            new(
                [Toleration("dedicated", "Equal", "user2", "NoSchedule"), Toleration("foo", "Exists", null, "NoSchedule")],
                [Taint("dedicated", "user2", "NoSchedule"), Taint("foo", "bar", "NoSchedule")],
                null),
        ["a toleration with another (non-empty) effect does not tolerate"] =
            new([Toleration("foo", "Equal", "bar", "PreferNoSchedule")], [Taint("foo", "bar", "NoSchedule")], "node(s) had untolerated taint {foo: bar}"),
        ["a toleration without effect tolerates every effect"] =
            new([Toleration("foo", "Equal", "bar", null)], [Taint("foo", "bar", "NoSchedule")], null),
        ["PreferNoSchedule taints do not filter (with tolerations)"] =
            new([Toleration("dedicated", "Equal", "user2", "NoSchedule")], [Taint("dedicated", "user1", "PreferNoSchedule")], null),
        ["PreferNoSchedule taints do not filter (without tolerations)"] =
            new([], [Taint("dedicated", "user1", "PreferNoSchedule")], null),
        ["NoExecute taints filter too"] =
            new([], [Taint("evict", "now", "NoExecute")], "node(s) had untolerated taint {evict: now}"),
        ["the first untolerated taint is reported"] =
            new([Toleration("a", "Exists", null, null)], [Taint("a", "1", "NoSchedule"), Taint("b", "", "NoSchedule"), Taint("c", "3", "NoSchedule")], "node(s) had untolerated taint {b: }"),
        ["an empty key with Exists tolerates everything"] =
            new([Toleration(null, "Exists", null, null)], [Taint("a", "1", "NoSchedule"), Taint("b", "2", "NoExecute")], null),
        ["an unknown operator tolerates nothing"] =
            new([Toleration("a", "Matches", "1", null)], [Taint("a", "1", "NoSchedule")], "node(s) had untolerated taint {a: 1}"),
    };

    private static readonly Dictionary<string, ScoreCase> ScoreCases = new()
    {
        ["a node whose taints are tolerated beats one whose are not"] = new(
            [Toleration("foo", "Equal", "bar", "PreferNoSchedule")],
            [[Taint("foo", "bar", "PreferNoSchedule")], [Taint("foo", "blah", "PreferNoSchedule")]],
            [100, 0]),
        ["the number of tolerated taints does not matter"] = new(
            [Toleration("cpu-type", "Equal", "arm64", "PreferNoSchedule"), Toleration("disk-type", "Equal", "ssd", "PreferNoSchedule")],
            [[], [Taint("cpu-type", "arm64", "PreferNoSchedule")], [Taint("cpu-type", "arm64", "PreferNoSchedule"), Taint("disk-type", "ssd", "PreferNoSchedule")]],
            [100, 100, 100]),
        ["the more untolerated taints, the lower the score"] = new(
            [Toleration("foo", "Equal", "bar", "PreferNoSchedule")],
            [[], [Taint("cpu-type", "arm64", "PreferNoSchedule")], [Taint("cpu-type", "arm64", "PreferNoSchedule"), Taint("disk-type", "ssd", "PreferNoSchedule")]],
            [100, 50, 0]),
        ["only PreferNoSchedule taints and tolerations count"] = new(
            [Toleration("cpu-type", "Equal", "arm64", "NoSchedule"), Toleration("disk-type", "Equal", "ssd", "NoSchedule")],
            [[], [Taint("cpu-type", "arm64", "NoSchedule")], [Taint("cpu-type", "arm64", "PreferNoSchedule"), Taint("disk-type", "ssd", "PreferNoSchedule")]],
            [100, 100, 0]),
        ["without tolerations the untainted node wins"] = new(
            [],
            [[], [Taint("cpu-type", "arm64", "PreferNoSchedule")]],
            [100, 0]),
        ["a toleration without effect counts for PreferNoSchedule"] = new(
            [Toleration("foo", "Exists", null, null)],
            [[Taint("foo", "x", "PreferNoSchedule")], [Taint("bar", "x", "PreferNoSchedule")]],
            [100, 0]),
    };

    public static TheoryData<string> FilterCaseNames() => Names(FilterCases);

    public static TheoryData<string> ScoreCaseNames() => Names(ScoreCases);

    [Theory]
    [MemberData(nameof(FilterCaseNames))]
    public void Filter(string name)
    {
        var test = FilterCases[name];
        var plugin = (IFilterPlugin)TaintToleration.New(null, new FakeFrameworkHandle(new Snapshot()));
        var pod = Builders.Pod("pod1").WithTolerations(test.Tolerations);

        var status = plugin.Filter(new CycleState(), new PodInfo(pod), new NodeInfo(Builders.Node("nodeA", taints: test.Taints)));

        if (test.Reason is null)
        {
            AssertStatus(status, Code.Success);
        }
        else
        {
            AssertStatus(status, Code.UnschedulableAndUnresolvable, test.Reason);
        }
    }

    [Theory]
    [MemberData(nameof(ScoreCaseNames))]
    public void Score_Counts_Untolerated_PreferNoSchedule_Taints_Reversed(string name)
    {
        var test = ScoreCases[name];
        var snapshot = SnapshotOf(test.NodeTaints.Select((taints, i) => Builders.Node("node" + i, taints: taints)));
        var plugin = (TaintToleration)TaintToleration.New(null, new FakeFrameworkHandle(snapshot));
        var pod = new PodInfo(Builders.Pod("pod1").WithTolerations(test.Tolerations));
        var state = new CycleState();

        AssertStatus(plugin.PreScore(state, pod, snapshot.NodeInfos), Code.Success);
        var scores = ScoreAll(plugin, state, pod, snapshot);
        AssertStatus(plugin.ScoreExtensions!.NormalizeScore(state, pod, scores), Code.Success);

        Assert.Equal(test.Expected, scores.Select(score => score.Score).ToArray());
    }

    [Fact]
    public void Score_Without_PreScore_Computes_The_Tolerations_Itself()
    {
        var snapshot = SnapshotOf([Builders.Node("a", taints: [Taint("foo", "bar", "PreferNoSchedule"), Taint("x", "y", "PreferNoSchedule")])]);
        var plugin = (IScorePlugin)TaintToleration.New(null, new FakeFrameworkHandle(snapshot));
        var pod = new PodInfo(Builders.Pod("p").WithTolerations(Toleration("foo", "Exists", null, "PreferNoSchedule")));

        var (score, status) = plugin.Score(new CycleState(), pod, snapshot.NodeInfos[0]);

        AssertStatus(status, Code.Success);
        Assert.Equal(1, score);
    }

    [Fact]
    public void Taint_Changes_Requeue_Rejected_Pods()
    {
        var plugin = (IEnqueueExtensions)TaintToleration.New(null, new FakeFrameworkHandle(new Snapshot()));

        Assert.Contains(plugin.EventsToRegister(), registered => registered.Matches(new ClusterEvent(EventResource.Node, ActionType.UpdateNodeTaint)));
        Assert.Contains(plugin.EventsToRegister(), registered => registered.Matches(ClusterEvent.NodeAdd));
    }

    private sealed record FilterCase(V1Toleration[] Tolerations, V1Taint[] Taints, string? Reason);

    private sealed record ScoreCase(V1Toleration[] Tolerations, V1Taint[][] NodeTaints, long[] Expected);
}
