using k8s.Models;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.NodeAffinity;
using static KubeSharp.Scheduler.Tests.Plugins.PluginTestHelpers;

namespace KubeSharp.Scheduler.Tests.Plugins;

/// <summary>Upstream's node_affinity_test.go tables.</summary>
public sealed class NodeAffinityTests
{
    private const string ReasonPod = "node(s) didn't match Pod's node affinity/selector";
    private const string ReasonEnforced = "node(s) didn't match scheduler-enforced node affinity";

    private const string AddedNode2Args =
        """{"addedAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchFields":[{"key":"metadata.name","operator":"In","values":["node2"]}]}]}}}""";

    private static readonly Dictionary<string, FilterCase> FilterCases = new()
    {
        ["missing labels"] = new(Pod().WithNodeSelector(Builders.Labels("foo=bar")), [], Reason: ReasonPod),
        ["same labels"] = new(Pod().WithNodeSelector(Builders.Labels("foo=bar")), ["foo=bar"]),
        ["node labels are superset"] = new(Pod().WithNodeSelector(Builders.Labels("foo=bar")), ["foo=bar", "baz=blah"]),
        ["node labels are subset"] = new(Pod().WithNodeSelector(Builders.Labels("foo=bar", "baz=blah")), ["foo=bar"], Reason: ReasonPod),
        ["In matches"] = new(Pod().WithNodeAffinity(Required(Term([Requirement("foo", "In", "bar", "value2")]))), ["foo=bar"]),
        ["Gt matches"] = new(Pod().WithNodeAffinity(Required(Term([Requirement("kernel-version", "Gt", "0204")]))), ["kernel-version=0206"]),
        ["Gt does not match"] = new(Pod().WithNodeAffinity(Required(Term([Requirement("kernel-version", "Gt", "0204")]))), ["kernel-version=0202"], Reason: ReasonPod),
        ["Lt matches"] = new(Pod().WithNodeAffinity(Required(Term([Requirement("kernel-version", "Lt", "0204")]))), ["kernel-version=0202"]),
        ["Gt with a non-numeric label does not match"] = new(Pod().WithNodeAffinity(Required(Term([Requirement("kernel-version", "Gt", "1")]))), ["kernel-version=v2"], Reason: ReasonPod),
        ["NotIn matches"] = new(Pod().WithNodeAffinity(Required(Term([Requirement("mem-type", "NotIn", "DDR", "DDR2")]))), ["mem-type=DDR3"]),
        ["NotIn matches a node without the label"] = new(Pod().WithNodeAffinity(Required(Term([Requirement("mem-type", "NotIn", "DDR", "DDR2")]))), []),
        ["Exists matches"] = new(Pod().WithNodeAffinity(Required(Term([Requirement("GPU", "Exists")]))), ["GPU=NVIDIA-GRID-K1"]),
        ["DoesNotExist does not match a node with the label"] = new(Pod().WithNodeAffinity(Required(Term([Requirement("GPU", "DoesNotExist")]))), ["GPU=NVIDIA-GRID-K1"], Reason: ReasonPod),
        ["affinity that doesn't match the node's labels"] = new(Pod().WithNodeAffinity(Required(Term([Requirement("foo", "In", "value1", "value2")]))), ["foo=bar"], Reason: ReasonPod),
        ["an empty term matches no node"] = new(Pod().WithNodeAffinity(Required(Term([]))), ["foo=bar"], Reason: ReasonPod),
        ["no affinity: PreFilter skips, Filter passes"] = new(Pod(), ["foo=bar"], PreFilterCode: Code.Skip),
        ["affinity without required terms: PreFilter skips"] = new(Pod().WithNodeAffinity(new V1NodeAffinity()), ["foo=bar"], PreFilterCode: Code.Skip),
        ["matchExpressions ANDed, matching"] = new(
            Pod().WithNodeAffinity(Required(Term([Requirement("GPU", "Exists"), Requirement("GPU", "NotIn", "AMD", "INTER")]))), ["GPU=NVIDIA-GRID-K1"]),
        ["matchExpressions ANDed, not matching"] = new(
            Pod().WithNodeAffinity(Required(Term([Requirement("GPU", "Exists"), Requirement("GPU", "In", "AMD", "INTER")]))), ["GPU=NVIDIA-GRID-K1"], Reason: ReasonPod),
        ["terms ORed, one matching"] = new(
            Pod().WithNodeAffinity(Required(Term([Requirement("foo", "In", "bar", "value2")]), Term([Requirement("diffkey", "In", "wrong", "value2")]))), ["foo=bar"]),
        ["affinity and nodeSelector both satisfied"] = new(
            Pod().WithNodeSelector(Builders.Labels("foo=bar")).WithNodeAffinity(Required(Term([Requirement("foo", "Exists")]))), ["foo=bar"]),
        ["affinity satisfied but not the nodeSelector"] = new(
            Pod().WithNodeSelector(Builders.Labels("foo=bar")).WithNodeAffinity(Required(Term([Requirement("foo", "Exists")]))), ["foo=barrrrrr"], Reason: ReasonPod),
        ["an invalid value makes the term match nothing"] = new(
            Pod().WithNodeAffinity(Required(Term([Requirement("foo", "NotIn", "invalid value: ___@#$%^")]))), ["foo=bar"], Reason: ReasonPod),
        ["an invalid term does not keep a valid one from matching"] = new(
            Pod().WithNodeAffinity(Required(Term([Requirement("foo", "Gt", "x")]), Term([Requirement("foo", "In", "bar")]))), ["foo=bar"]),
        ["matchFields In matching the node"] = new(
            Pod().WithNodeAffinity(Required(Term([], [Requirement("metadata.name", "In", "node1")]))), [], PreFilterNodes: ["node1"]),
        ["matchFields In not matching the node"] = new(
            Pod().WithNodeAffinity(Required(Term([], [Requirement("metadata.name", "In", "node1")]))), [], Node: "node2", Reason: ReasonPod, PreFilterNodes: ["node1"]),
        ["two terms: matchFields does not match, matchExpressions does"] = new(
            Pod().WithNodeAffinity(Required(
                Term([], [Requirement("metadata.name", "In", "node1"), Requirement("metadata.name", "In", "node2")]),
                Term([Requirement("foo", "In", "bar")]))),
            ["foo=bar"],
            Node: "node2"),
        ["one term: matchFields does not match, matchExpressions does"] = new(
            Pod().WithNodeAffinity(Required(Term([Requirement("foo", "In", "bar")], [Requirement("metadata.name", "In", "node1")]))),
            ["foo=bar"],
            Node: "node2",
            Reason: ReasonPod,
            PreFilterNodes: ["node1"]),
        ["one term: both matchFields and matchExpressions match"] = new(
            Pod().WithNodeAffinity(Required(Term([Requirement("foo", "In", "bar")], [Requirement("metadata.name", "In", "node1")]))),
            ["foo=bar"],
            PreFilterNodes: ["node1"]),
        ["two terms: neither matches"] = new(
            Pod().WithNodeAffinity(Required(Term([], [Requirement("metadata.name", "In", "node1")]), Term([Requirement("foo", "In", "not-match-to-bar")]))),
            ["foo=bar"],
            Node: "node2",
            Reason: ReasonPod),
        ["two terms of node name affinity"] = new(
            Pod().WithNodeAffinity(Required(Term([], [Requirement("metadata.name", "In", "node1")]), Term([], [Requirement("metadata.name", "In", "node2")]))),
            [],
            Node: "node2",
            PreFilterNodes: ["node1", "node2"]),
        ["two conflicting matchFields requirements"] = new(
            Pod().WithNodeAffinity(Required(Term([], [Requirement("metadata.name", "In", "node1"), Requirement("metadata.name", "In", "node2")]))),
            ["foo=bar"],
            Node: "node2",
            Reason: ReasonPod,
            PreFilterCode: Code.UnschedulableAndUnresolvable,
            PreFilterReason: "pod affinity terms conflict"),
        ["matchFields NotIn the node's name"] = new(
            Pod().WithNodeAffinity(Required(Term([], [Requirement("metadata.name", "NotIn", "node1")]))), [], Reason: ReasonPod),
        ["matches the added affinity and the pod's"] = new(
            Pod().WithNodeAffinity(Required(Term([Requirement("zone", "In", "foo")]))), ["zone=foo"], Node: "node2", Args: AddedNode2Args),
        ["matches the added affinity but not the pod's"] = new(
            Pod().WithNodeAffinity(Required(Term([Requirement("zone", "In", "bar")]))), ["zone=foo"], Node: "node2", Args: AddedNode2Args, Reason: ReasonPod),
        ["doesn't match the added affinity"] = new(
            Pod(),
            ["zone=foo"],
            Node: "node2",
            Args: """{"addedAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"zone","operator":"In","values":["bar"]}]}]}}}""",
            Reason: ReasonEnforced),
        ["nodeSelector matches even without PreFilter"] = new(
            Pod().WithNodeSelector(Builders.Labels("foo=bar")), ["foo=bar", "baz=blah"], RunPreFilter: false),
        ["affinity matches even without PreFilter"] = new(
            Pod().WithNodeAffinity(Required(Term([Requirement("GPU", "Exists"), Requirement("GPU", "NotIn", "AMD", "INTER")]))), ["GPU=NVIDIA-GRID-K1"], RunPreFilter: false),
    };

    private static readonly V1NodeAffinity Affinity1 = Preferred((2, Term([Requirement("foo", "In", "bar")])));

    private static readonly V1NodeAffinity Affinity2 = Preferred(
        (2, Term([Requirement("foo", "In", "bar")])),
        (4, Term([Requirement("key", "In", "value")])),
        (5, Term([Requirement("foo", "In", "bar"), Requirement("key", "In", "value"), Requirement("az", "In", "az1")])));

    private static readonly string[] Label1 = ["foo=bar"];
    private static readonly string[] Label2 = ["key=value"];
    private static readonly string[] Label3 = ["az=az1"];
    private static readonly string[] Label4 = ["abc=az11", "def=az22"];
    private static readonly string[] Label5 = ["foo=bar", "key=value", "az=az1"];

    private static readonly Dictionary<string, ScoreCase> ScoreCases = new()
    {
        ["no node matches the preferred terms"] = new(Affinity1, [("node1", Label4), ("node2", Label2), ("node3", Label3)], [0, 0, 0]),
        ["only node1 matches the preferred terms"] = new(Affinity1, [("node1", Label1), ("node2", Label2), ("node3", Label3)], [100, 0, 0]),
        ["all nodes match, with different weights"] = new(Affinity2, [("node1", Label1), ("node5", Label5), ("node2", Label2)], [18, 100, 36]),
        ["added affinity"] = new(null, [("node1", Label1), ("node2", Label2)], [100, 0], Args: """{"addedAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":2,"preference":{"matchExpressions":[{"key":"foo","operator":"In","values":["bar"]}]}}]}}"""),
        ["added affinity and the pod's"] = new(
            Affinity1,
            [("node1", Label1), ("node2", Label2), ("node3", Label5)],
            [40, 60, 100],
            Args: """{"addedAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":3,"preference":{"matchExpressions":[{"key":"key","operator":"In","values":["value"]}]}}]}}"""),
        ["scores even if PreScore is not called"] = new(Affinity2, [("node1", Label1), ("node5", Label5), ("node2", Label2)], [18, 100, 36], RunPreScore: false),
        ["terms of weight 0 and empty terms are left out"] = new(
            Preferred((0, Term([Requirement("foo", "In", "bar")])), (7, Term([])), (3, Term([Requirement("key", "Exists")]))),
            [("node1", Label1), ("node2", Label2)],
            [0, 100]),
    };

    public static TheoryData<string> FilterCaseNames() => Names(FilterCases);

    public static TheoryData<string> ScoreCaseNames() => Names(ScoreCases);

    [Theory]
    [MemberData(nameof(FilterCaseNames))]
    public void PreFilter_And_Filter(string name)
    {
        var test = FilterCases[name];
        var plugin = (NodeAffinity)NodeAffinity.New(test.Args is null ? null : Json(test.Args), new FakeFrameworkHandle(new Snapshot()));
        var node = new NodeInfo(Builders.Node(test.Node, labels: Builders.Labels(test.Labels)));
        var pod = new PodInfo(test.Pod);
        var state = new CycleState();

        if (test.RunPreFilter)
        {
            var (result, preFilterStatus) = plugin.PreFilter(state, pod, [node]);
            if (test.PreFilterReason is null)
            {
                AssertStatus(preFilterStatus, test.PreFilterCode);
            }
            else
            {
                AssertStatus(preFilterStatus, test.PreFilterCode, test.PreFilterReason);
            }

            if (test.PreFilterNodes is null)
            {
                Assert.Null(result);
            }
            else
            {
                Assert.NotNull(result);
                Assert.NotNull(result.NodeNames);
                Assert.Equal(test.PreFilterNodes.Order(StringComparer.Ordinal).ToArray(), result.NodeNames.Order(StringComparer.Ordinal).ToArray());
            }
        }

        var status = plugin.Filter(state, pod, node);

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
    public void Score_Sums_Matching_Preferred_Weights_Normalized(string name)
    {
        var test = ScoreCases[name];
        var snapshot = SnapshotOf(test.Nodes.Select(node => Builders.Node(node.Name, labels: Builders.Labels(node.Labels))));
        var plugin = (NodeAffinity)NodeAffinity.New(test.Args is null ? null : Json(test.Args), new FakeFrameworkHandle(snapshot));
        var pod = new PodInfo(test.Affinity is null ? Pod() : Pod().WithNodeAffinity(test.Affinity));
        var state = new CycleState();

        if (test.RunPreScore)
        {
            AssertStatus(plugin.PreScore(state, pod, snapshot.NodeInfos), Code.Success);
        }

        var scores = ScoreAll(plugin, state, pod, snapshot);
        AssertStatus(plugin.NormalizeScore(state, pod, scores), Code.Success);

        Assert.Equal(test.Expected, scores.Select(score => score.Score).ToArray());
    }

    [Fact]
    public void PreScore_Skips_A_Pod_Without_Preferences_And_Scores_Stay_Zero()
    {
        var snapshot = SnapshotOf([Builders.Node("node1", labels: Builders.Labels(Label1)), Builders.Node("node2", labels: Builders.Labels(Label2))]);
        var plugin = (NodeAffinity)NodeAffinity.New(null, new FakeFrameworkHandle(snapshot));
        var pod = new PodInfo(Pod());
        var state = new CycleState();

        AssertStatus(plugin.PreScore(state, pod, snapshot.NodeInfos), Code.Skip);
        var scores = ScoreAll(plugin, state, pod, snapshot);
        plugin.NormalizeScore(state, pod, scores);

        Assert.All(scores, score => Assert.Equal(0, score.Score));
    }

    [Fact]
    public void PreScore_Fails_On_Invalid_Preferred_Terms()
    {
        var plugin = (NodeAffinity)NodeAffinity.New(null, new FakeFrameworkHandle(new Snapshot()));
        var pod = new PodInfo(Pod().WithNodeAffinity(Preferred((1, Term([Requirement("foo", "Gt", "bar")])))));

        Assert.Equal(Code.Error, plugin.PreScore(new CycleState(), pod, []).Code);
    }

    [Theory]
    [InlineData("""{"addedAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"foo","operator":"Like","values":["a"]}]}]}}}""")]
    [InlineData("""{"addedAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchFields":[{"key":"metadata.name","operator":"In","values":["a","b"]}]}]}}}""")]
    [InlineData("""{"addedAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":1,"preference":{"matchExpressions":[{"key":"foo","operator":"Exists","values":["a"]}]}}]}}""")]
    [InlineData("""{"addedAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":1,"preference":{"matchExpressions":[{"key":"bad key!","operator":"Exists"}]}}]}}""")]
    [InlineData("""{"addedAffinityy":{}}""")]
    [InlineData("[]")]
    public void New_Rejects_Invalid_Args(string args)
    {
        Assert.Throws<ArgumentException>(() => NodeAffinity.New(Json(args), new FakeFrameworkHandle(new Snapshot())));
    }

    [Fact]
    public void Label_Changes_Requeue_Rejected_Pods()
    {
        var plugin = (IEnqueueExtensions)NodeAffinity.New(null, new FakeFrameworkHandle(new Snapshot()));

        Assert.Contains(plugin.EventsToRegister(), registered => registered.Matches(new ClusterEvent(EventResource.Node, ActionType.UpdateNodeLabel)));
        Assert.Contains(plugin.EventsToRegister(), registered => registered.Matches(ClusterEvent.NodeAdd));
    }

    private static V1Pod Pod() => Builders.Pod("pod");

    private static V1NodeAffinity Preferred(params (int Weight, V1NodeSelectorTerm Term)[] terms) => new()
    {
        PreferredDuringSchedulingIgnoredDuringExecution = [.. terms.Select(term => new V1PreferredSchedulingTerm { Weight = term.Weight, Preference = term.Term })],
    };

    private sealed record FilterCase(
        V1Pod Pod,
        string[] Labels,
        string Node = "node1",
        string? Args = null,
        string? Reason = null,
        bool RunPreFilter = true,
        Code PreFilterCode = Code.Success,
        string? PreFilterReason = null,
        string[]? PreFilterNodes = null);

    private sealed record ScoreCase(V1NodeAffinity? Affinity, (string Name, string[] Labels)[] Nodes, long[] Expected, string? Args = null, bool RunPreScore = true);
}
