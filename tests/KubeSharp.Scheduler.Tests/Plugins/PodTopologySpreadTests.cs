using k8s.Models;
using KubeSharp.Api.Selectors;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.PodTopologySpread;
using static KubeSharp.Scheduler.Tests.Plugins.AffinityTestHelpers;

namespace KubeSharp.Scheduler.Tests.Plugins;

/// <summary>Upstream's podtopologyspread filtering_test.go and scoring_test.go tables, in the parts that apply.</summary>
public sealed class PodTopologySpreadTests
{
    private const string Hostname = "kubernetes.io/hostname";
    private const string DoNotSchedule = "DoNotSchedule";
    private const string ScheduleAnyway = "ScheduleAnyway";
    private const string ConstraintsReason = "node(s) didn't match pod topology spread constraints";
    private const string MissingLabelReason = "node(s) didn't match pod topology spread constraints (missing required label)";
    private const string ListWithHostnameDefault =
        """{"defaultingType": "List", "defaultConstraints": [{"maxSkew": 1, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "DoNotSchedule"}]}""";

    private const Code S = Code.Success;
    private const Code U = Code.Unschedulable;
    private const Code UU = Code.UnschedulableAndUnresolvable;

    // Filter tables run on node-a, node-b (zone1), node-x, node-y (zone2) unless a row gives nodes.
    private static readonly Dictionary<string, FilterCase> FilterCases = new()
    {
        ["no existing pods"] = new(Foo(Spread(1, "zone", DoNotSchedule, Exists("foo"))), [], [S, S, S, S]),
        ["no existing pods, the pod does not match its own selector"] = new(
            Builders.Pod("p", labels: Builders.Labels("bar=")).WithSpread(Spread(1, "zone", DoNotSchedule, Exists("foo"))), [], [S, S, S, S]),
        ["pods of other namespaces do not count"] = new(
            Foo(Spread(1, "zone", DoNotSchedule, Exists("foo"))),
            [
                Builders.Pod("p-a1", "node-a", labels: Builders.Labels("foo="), ns: "ns1"),
                Builders.Pod("p-b1", "node-b", labels: Builders.Labels("foo="), ns: "ns2"),
                PodOn("p-x1", "node-x", "foo="), PodOn("p-y1", "node-y", "foo="), PodOn("p-y2", "node-y", "foo="),
            ],
            [S, S, U, U]),
        ["pods spread 3/3 across zones: all nodes fit"] = new(
            Foo(Spread(1, "zone", DoNotSchedule, Exists("foo"))),
            [
                PodOn("p-a1", "node-a", "foo="), PodOn("p-b1", "node-b", "foo="), PodOn("p-b2", "node-b", "foo="),
                PodOn("p-x1", "node-x", "foo="), PodOn("p-y1", "node-y", "foo="), PodOn("p-y2", "node-y", "foo="),
            ],
            [S, S, S, S]),
        ["node-b has no zone label: its pods do not count and it is out for good"] = new(
            Foo(Spread(1, "zone", DoNotSchedule, Exists("foo"))),
            [PodOn("p-a1", "node-a", "foo="), PodOn("p-b1", "node-b", "foo="), PodOn("p-x1", "node-x", "foo="), PodOn("p-y1", "node-y", "foo=")],
            [S, UU, U, U],
            [LabeledNode("node-a", "zone=zone1"), LabeledNode("node-b"), LabeledNode("node-x", "zone=zone2"), LabeledNode("node-y", "zone=zone2")]),
        ["pods spread 2/1/0/3 across nodes: only node-x fits"] = new(
            Foo(Spread(1, Hostname, DoNotSchedule, Exists("foo"))), TwoOneZeroThree(), [U, U, S, U]),
        ["pods spread 2/1/0/3 across nodes, maxSkew 2"] = new(
            Foo(Spread(2, Hostname, DoNotSchedule, Exists("foo"))), TwoOneZeroThree(), [U, S, S, U]),
        ["pods spread 1/1/1/1, no minDomains"] = new(
            Foo(Spread(1, Hostname, DoNotSchedule, Exists("foo"))), OneEach(), [S, S, S, S]),
        ["pods spread 1/1/1/1, minDomains 4 = the number of domains"] = new(
            Foo(Spread(1, Hostname, DoNotSchedule, Exists("foo"), minDomains: 4)), OneEach(), [S, S, S, S]),
        ["pods spread 1/1/1/1, minDomains 5 > the number of domains: the global minimum is 0"] = new(
            Foo(Spread(1, Hostname, DoNotSchedule, Exists("foo"), minDomains: 5)), OneEach(), [U, U, U, U]),
        ["nodeAffinityPolicy Honor: nodes the pod may not use are no domain"] = new(
            OnHotNodes(Foo(Spread(1, "zone", DoNotSchedule, Exists("foo")))), TwoInZone1(), [S, S, S, S], HotZone1()),
        ["nodeAffinityPolicy Ignore: every node is a domain"] = new(
            OnHotNodes(Foo(Spread(1, "zone", DoNotSchedule, Exists("foo"), nodeAffinityPolicy: "Ignore"))), TwoInZone1(), [U, U, S, S], HotZone1()),
        ["nodeTaintsPolicy Honor: untolerated NoSchedule taints take nodes out"] = new(
            Foo(Spread(1, "zone", DoNotSchedule, Exists("foo"), nodeTaintsPolicy: "Honor")), TwoInZone1(), [S, S, S, S], TaintedZone2("NoSchedule")),
        ["nodeTaintsPolicy Ignore (the default): tainted nodes count"] = new(
            Foo(Spread(1, "zone", DoNotSchedule, Exists("foo"))), TwoInZone1(), [U, U, S, S], TaintedZone2("NoSchedule")),
        ["nodeTaintsPolicy Honor: PreferNoSchedule taints do not take nodes out"] = new(
            Foo(Spread(1, "zone", DoNotSchedule, Exists("foo"), nodeTaintsPolicy: "Honor")), TwoInZone1(), [U, U, S, S], TaintedZone2("PreferNoSchedule")),
        ["matchLabelKeys: only pods of the same version count"] = new(
            Builders.Pod("p", labels: Builders.Labels("foo=", "version=v2")).WithSpread(Spread(1, "zone", DoNotSchedule, Exists("foo"), matchLabelKeys: ["version"])),
            Versions(),
            [S, S, U, U]),
        ["without matchLabelKeys every version counts"] = new(
            Builders.Pod("p", labels: Builders.Labels("foo=", "version=v2")).WithSpread(Spread(1, "zone", DoNotSchedule, Exists("foo"))),
            Versions(),
            [U, U, S, S]),
        ["two constraints: zones 3/3 fit, nodes 2/1/0/3 leave node-x"] = new(
            Foo(Spread(1, "zone", DoNotSchedule, Exists("foo")), Spread(1, Hostname, DoNotSchedule, Exists("foo"))),
            [
                PodOn("p-a1", "node-a", "foo="), PodOn("p-a2", "node-a", "foo="), PodOn("p-b1", "node-b", "foo="),
                PodOn("p-y1", "node-y", "foo="), PodOn("p-y2", "node-y", "foo="), PodOn("p-y3", "node-y", "foo="),
            ],
            [U, U, S, U]),
        ["ScheduleAnyway constraints are not filtered on: PreFilter skips"] = new(
            Foo(Spread(1, Hostname, ScheduleAnyway, Exists("foo"))), TwoOneZeroThree(), null),
        ["terminating pods do not count"] = new(
            Foo(Spread(1, Hostname, DoNotSchedule, Exists("foo"))),
            [PodOn("p-a1", "node-a", "foo=").Terminating(), PodOn("p-b1", "node-b", "foo=")],
            [S, U, S, S]),
        ["no constraints and List defaulting without defaults: PreFilter skips"] = new(
            Builders.Pod("p", labels: Builders.Labels("foo=")), TwoOneZeroThree(), null, Args: """{"defaultingType": "List"}""", SelectedByOwner: true),
        ["no constraints and the System defaults, which are ScheduleAnyway: PreFilter skips"] = new(
            Builders.Pod("p", labels: Builders.Labels("foo=")), TwoOneZeroThree(), null, SelectedByOwner: true),
        ["a listed DoNotSchedule default spreads with the owners' selector"] = new(
            Builders.Pod("p", labels: Builders.Labels("foo=")), TwoOneZeroThree(), [U, U, S, U], Args: ListWithHostnameDefault, SelectedByOwner: true),
        ["a listed default does not apply to a pod nothing selects: PreFilter skips"] = new(
            Builders.Pod("p", labels: Builders.Labels("foo=")), TwoOneZeroThree(), null, Args: ListWithHostnameDefault),
        ["own constraints replace the defaults"] = new(
            Foo(Spread(3, Hostname, DoNotSchedule, Exists("foo"))), TwoOneZeroThree(), [S, S, S, U], Args: ListWithHostnameDefault, SelectedByOwner: true),
    };

    private static readonly Dictionary<string, ScoreCase> ScoreCases = new()
    {
        ["one constraint on node, no existing pods"] = new(
            Foo(Spread(1, Hostname, ScheduleAnyway, Exists("foo"))), [], [Builders.Node("node-a"), Builders.Node("node-b")], [100, 100]),
        ["one constraint on node, only one node is a candidate"] = new(
            Foo(Spread(1, Hostname, ScheduleAnyway, Exists("foo"))),
            [PodOn("p-a1", "node-a", "foo="), PodOn("p-a2", "node-a", "foo="), PodOn("p-b1", "node-b", "foo=")],
            [Builders.Node("node-a"), Builders.Node("node-b")],
            [100],
            Failed: ["node-b"]),
        ["one constraint on node, all nodes have the same number of matching pods"] = new(
            Foo(Spread(1, Hostname, ScheduleAnyway, Exists("foo"))),
            [PodOn("p-a1", "node-a", "foo="), PodOn("p-b1", "node-b", "foo=")],
            [Builders.Node("node-a"), Builders.Node("node-b")],
            [100, 100]),
        ["one constraint on node, pods spread 2/1/0/3"] = new(
            Foo(Spread(1, Hostname, ScheduleAnyway, Exists("foo"))), TwoOneZeroThreeOnAbcd(), FourNodes(), [20, 60, 100, 0]),
        ["one constraint on node, null selector"] = new(
            Foo(Spread(1, Hostname, ScheduleAnyway, null)), TwoOneZeroThreeOnAbcd(), FourNodes(), [100, 100, 100, 100]),
        ["one constraint on node, pods spread 2/1/0/3, maxSkew 2"] = new(
            Foo(Spread(2, Hostname, ScheduleAnyway, Exists("foo"))), TwoOneZeroThreeOnAbcd(), FourNodes(), [33, 66, 100, 16]),
        ["one constraint on node, pods spread 4/3/2/1, maxSkew 3"] = new(
            Foo(Spread(3, Hostname, ScheduleAnyway, Exists("foo"))), FourThreeTwoOne(), FourNodes(), [44, 66, 77, 100]),
        ["system defaults, nodes without zone, pods selected by a service"] = new(
            Builders.Pod("p", labels: Builders.Labels("foo=")), FourThreeTwoOne(), FourNodes(), [44, 66, 77, 100], SelectedByOwner: true),
        ["one constraint on node, pods spread 4/2/1/~3~"] = new(
            Foo(Spread(1, Hostname, ScheduleAnyway, Exists("foo"))),
            FourTwoOneThree(),
            [Builders.Node("node-a"), Builders.Node("node-b"), Builders.Node("node-x"), Builders.Node("node-y")],
            [33, 83, 100],
            Failed: ["node-y"]),
        ["one constraint on node, pods spread 4/?2?/1/~3~: node-b lacks the hostname label"] = new(
            Foo(Spread(1, Hostname, ScheduleAnyway, Exists("foo"))),
            FourTwoOneThree(),
            [Builders.Node("node-a"), BareNode("node-b", "n=node-b"), Builders.Node("node-x"), Builders.Node("node-y")],
            [16, 0, 100],
            Failed: ["node-y"]),
        ["one constraint on zone, pods spread 4/2/1/~3~"] = new(
            Foo(Spread(1, "zone", ScheduleAnyway, Exists("foo"))), FourTwoOneThree(), ZonedNodes(), [75, 75, 100], Failed: ["node-y"]),
        ["two constraints on zone and node, pods spread 2/~1~/2/~4~"] = new(
            Foo(Spread(1, "zone", ScheduleAnyway, Exists("foo")), Spread(1, Hostname, ScheduleAnyway, Exists("foo"))),
            [
                PodOn("p-a1", "node-a", "foo="), PodOn("p-a2", "node-a", "foo="), PodOn("p-b1", "node-b", "foo="),
                PodOn("p-x1", "node-x", "foo="), PodOn("p-x2", "node-x", "foo="),
                PodOn("p-y1", "node-y", "foo="), PodOn("p-y2", "node-y", "foo="), PodOn("p-y3", "node-y", "foo="), PodOn("p-y4", "node-y", "foo="),
            ],
            ZonedNodes(),
            [100, 63],
            Failed: ["node-b", "node-y"]),
        ["two constraints on zone and node, with different selectors"] = new(
            FooBar(Spread(1, "zone", ScheduleAnyway, Exists("foo")), Spread(1, Hostname, ScheduleAnyway, Exists("bar"))),
            [PodOn("p-a1", "node-a", "foo="), PodOn("p-b1", "node-b", "foo=", "bar="), PodOn("p-y1", "node-y", "foo="), PodOn("p-y2", "node-y", "bar=")],
            ZonedNodes(),
            [60, 20, 100, 60]),
        ["two constraints on zone and node, with different selectors, some nodes without pods"] = new(
            FooBar(Spread(1, "zone", ScheduleAnyway, Exists("foo")), Spread(1, Hostname, ScheduleAnyway, Exists("bar"))),
            [PodOn("p-b1", "node-b", "bar="), PodOn("p-x1", "node-x", "foo="), PodOn("p-y1", "node-y", "foo=", "bar=")],
            ZonedNodes(),
            [100, 60, 40, 0]),
        ["pods of other namespaces do not count"] = new(
            Foo(Spread(1, Hostname, ScheduleAnyway, Exists("foo"))),
            [
                Builders.Pod("p-a1", "node-a", labels: Builders.Labels("foo="), ns: "ns1"),
                PodOn("p-a2", "node-a", "foo="), PodOn("p-b1", "node-b", "foo="), PodOn("p-b2", "node-b", "foo="),
            ],
            [Builders.Node("node-a"), Builders.Node("node-b")],
            [100, 33]),
        ["terminating pods do not count"] = new(
            Foo(Spread(1, Hostname, ScheduleAnyway, Exists("foo"))),
            [PodOn("p-a", "node-a", "foo=").Terminating(), PodOn("p-b", "node-b", "foo=")],
            [Builders.Node("node-a"), Builders.Node("node-b")],
            [100, 0]),
        ["minDomains has no effect with ScheduleAnyway"] = new(
            Foo(Spread(2, "node", ScheduleAnyway, Exists("foo"), minDomains: 10)),
            [PodOn("p-a1", "node-a", "foo="), PodOn("p-a2", "node-a", "foo="), PodOn("p-b1", "node-b", "foo="), PodOn("p-b2", "node-b", "foo="), PodOn("p-c1", "node-c", "foo=")],
            [BareNode("node-a", "node=node-a"), BareNode("node-b", "node=node-b"), BareNode("node-c", "node=node-c")],
            [75, 75, 100]),
        ["nodeAffinityPolicy Honor: node-c, which the pod may not use, counts no pods"] = new(
            SelectingFoo(Foo(Spread(1, "node", ScheduleAnyway, Exists("foo")))), PolicyPods(), PolicyNodes(tainted: false), [0, 33, 100]),
        ["nodeAffinityPolicy Ignore: node-c counts its pods"] = new(
            SelectingFoo(Foo(Spread(1, "node", ScheduleAnyway, Exists("foo"), nodeAffinityPolicy: "Ignore"))), PolicyPods(), PolicyNodes(tainted: false), [66, 100, 100]),
        ["nodeTaintsPolicy Honor: tainted node-c counts no pods"] = new(
            Foo(Spread(1, "node", ScheduleAnyway, Exists("foo"), nodeTaintsPolicy: "Honor")), PolicyPods(), PolicyNodes(tainted: true), [0, 33, 100]),
        ["nodeTaintsPolicy Ignore: tainted node-c counts its pods"] = new(
            Foo(Spread(1, "node", ScheduleAnyway, Exists("foo"))), PolicyPods(), PolicyNodes(tainted: true), [66, 100, 100]),
        ["matchLabelKeys ANDed with an empty selector"] = new(
            FooBar(
                Spread(1, "zone", ScheduleAnyway, new V1LabelSelector(), matchLabelKeys: ["foo"]),
                Spread(1, Hostname, ScheduleAnyway, new V1LabelSelector(), matchLabelKeys: ["bar"])),
            [PodOn("p-a1", "node-a", "foo="), PodOn("p-b1", "node-b", "foo=", "bar="), PodOn("p-y1", "node-x", "foo="), PodOn("p-y2", "node-x", "bar=")],
            ZonedNodes(),
            [60, 20, 60, 100]),
        ["no ScheduleAnyway constraints: PreScore skips"] = new(
            Foo(Spread(1, Hostname, DoNotSchedule, Exists("foo"))), [], FourNodes(), null),
        ["defaults for a pod nothing selects: PreScore skips"] = new(
            Builders.Pod("p", labels: Builders.Labels("foo=")), [], FourNodes(), null),
    };

    public static TheoryData<string> FilterCaseNames() => CaseNamesOf(FilterCases);

    public static TheoryData<string> ScoreCaseNames() => CaseNamesOf(ScoreCases);

    [Theory]
    [MemberData(nameof(FilterCaseNames))]
    public void Filter(string name)
    {
        var test = FilterCases[name];
        var snapshot = Snapshot.Create(test.Nodes ?? ZonedNodes(), test.Pods);
        var (plugin, pod) = Setup(snapshot, test.Pod, test.Args, test.SelectedByOwner);
        var state = new CycleState();

        var (result, preFilter) = plugin.PreFilter(state, pod, snapshot.NodeInfos);

        Assert.Null(result);
        if (test.Want is null)
        {
            Assert.Equal(Code.Skip, preFilter.Code);
            return;
        }

        Assert.Equal(Code.Success, preFilter.Code);
        var statuses = snapshot.NodeInfos.Select(node => plugin.Filter(state, pod, node)).ToList();
        Assert.Equal(test.Want, statuses.Select(status => status.Code).ToArray());
        foreach (var status in statuses)
        {
            string[] reasons = status.Code switch
            {
                Code.Unschedulable => [ConstraintsReason],
                Code.UnschedulableAndUnresolvable => [MissingLabelReason],
                _ => [],
            };
            Assert.Equal(reasons, status.Reasons.ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(ScoreCaseNames))]
    public void Score_And_Normalize(string name)
    {
        var test = ScoreCases[name];
        var snapshot = Snapshot.Create(test.Nodes, test.Pods);
        var (plugin, pod) = Setup(snapshot, test.Pod, test.Args, test.SelectedByOwner);
        var failed = test.Failed ?? [];
        var feasible = snapshot.NodeInfos.Where(node => !failed.Contains(node.Name)).ToList();
        var state = new CycleState();

        var preScore = plugin.PreScore(state, pod, feasible);

        if (test.Want is null)
        {
            Assert.Equal(Code.Skip, preScore.Code);
            return;
        }

        Assert.Equal(Code.Success, preScore.Code);
        var scores = feasible.Select(node =>
        {
            var (score, status) = plugin.Score(state, pod, node);
            Assert.True(status.IsSuccess, status.ToString());
            return new NodeScore(node.Name, score);
        }).ToArray();
        Assert.True(plugin.NormalizeScore(state, pod, scores).IsSuccess);
        Assert.Equal(test.Want, scores.Select(score => score.Score).ToArray());
    }

    [Fact]
    public void AddPod_And_RemovePod_Change_Only_The_Cloned_State()
    {
        var snapshot = Snapshot.Create(ZonedNodes(), [PodOn("p-a1", "node-a", "foo=")]);
        var (plugin, pod) = Setup(snapshot, Foo(Spread(1, Hostname, DoNotSchedule, Exists("foo"))), null, false);
        var state = new CycleState();
        plugin.PreFilter(state, pod, snapshot.NodeInfos);
        var nodeX = snapshot.Get("node-x")!;
        Assert.Equal(Code.Success, plugin.Filter(state, pod, nodeX).Code);

        var clone = state.Clone();
        var added = new PodInfo(PodOn("p-x1", "node-x", "foo="));
        Assert.True(plugin.AddPod(clone, pod, added, nodeX).IsSuccess);
        Assert.Equal(Code.Unschedulable, plugin.Filter(clone, pod, nodeX).Code);
        Assert.Equal(Code.Success, plugin.Filter(state, pod, nodeX).Code);

        // A pod of another namespace does not count, as in PreFilter.
        var other = new PodInfo(Builders.Pod("p-x2", "node-x", labels: Builders.Labels("foo="), ns: "other"));
        Assert.True(plugin.RemovePod(clone, pod, other, nodeX).IsSuccess);
        Assert.Equal(Code.Unschedulable, plugin.Filter(clone, pod, nodeX).Code);

        Assert.True(plugin.RemovePod(clone, pod, added, nodeX).IsSuccess);
        Assert.Equal(Code.Success, plugin.Filter(clone, pod, nodeX).Code);
    }

    [Theory]
    [InlineData("""{"defaultingType": "Random"}""")]
    [InlineData("""{"defaultingType": "System", "defaultConstraints": [{"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "ScheduleAnyway"}]}""")]
    [InlineData("""{"defaultConstraints": [{"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "ScheduleAnyway"}]}""")]
    [InlineData("""{"defaultingType": "List", "defaultConstraints": [{"maxSkew": 0, "topologyKey": "zone", "whenUnsatisfiable": "ScheduleAnyway"}]}""")]
    [InlineData("""{"defaultingType": "List", "defaultConstraints": [{"maxSkew": 1, "topologyKey": "", "whenUnsatisfiable": "ScheduleAnyway"}]}""")]
    [InlineData("""{"defaultingType": "List", "defaultConstraints": [{"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "Never"}]}""")]
    [InlineData("""{"defaultingType": "List", "defaultConstraints": [{"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "ScheduleAnyway", "labelSelector": {}}]}""")]
    [InlineData("""{"defaultingType": "List", "defaultConstraints": [{"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "ScheduleAnyway"}, {"maxSkew": 2, "topologyKey": "zone", "whenUnsatisfiable": "ScheduleAnyway"}]}""")]
    [InlineData("""{"defaultingType": 1}""")]
    [InlineData("""true""")]
    [InlineData("""{"defaultingTyp": "List"}""")]
    public void New_Rejects_Invalid_Args(string args)
    {
        var handle = new FakeFrameworkHandle(new Snapshot());

        Assert.Throws<ArgumentException>(() => PodTopologySpread.New(ArgsJson(args), handle));
    }

    [Fact]
    public void Args_Default_To_System_Defaulting()
    {
        Assert.Equal(PodTopologySpreadArgs.SystemDefaulting, PodTopologySpreadArgs.Parse(null).DefaultingType);
        Assert.Equal(PodTopologySpreadArgs.SystemDefaulting, PodTopologySpreadArgs.Parse(ArgsJson("{}")).DefaultingType);

        var listed = PodTopologySpreadArgs.Parse(ArgsJson(ListWithHostnameDefault));
        Assert.Equal(PodTopologySpreadArgs.ListDefaulting, listed.DefaultingType);
        var constraint = Assert.Single(listed.DefaultConstraints!);
        Assert.Equal(Hostname, constraint.TopologyKey);
        Assert.Equal(DoNotSchedule, constraint.WhenUnsatisfiable);
    }

    [Fact]
    public void Pod_And_Node_Changes_Requeue_Rejected_Pods()
    {
        var plugin = (IEnqueueExtensions)PodTopologySpread.New(null, new FakeFrameworkHandle(new Snapshot()));
        var events = plugin.EventsToRegister();

        Assert.Contains(events, registered => registered.Matches(ClusterEvent.PodDelete));
        Assert.Contains(events, registered => registered.Matches(new ClusterEvent(EventResource.Pod, ActionType.Add)));
        Assert.Contains(events, registered => registered.Matches(new ClusterEvent(EventResource.Node, ActionType.Delete)));
        Assert.Contains(events, registered => registered.Matches(new ClusterEvent(EventResource.Node, ActionType.UpdateNodeTaint)));
        Assert.DoesNotContain(events, registered => registered.Matches(new ClusterEvent(EventResource.Node, ActionType.UpdateNodeAllocatable)));
    }

    private static (PodTopologySpread Plugin, PodInfo Pod) Setup(Snapshot snapshot, V1Pod pod, string? args, bool selectedByOwner)
    {
        var handle = new FakeFrameworkHandle(snapshot);
        var podInfo = new PodInfo(pod);
        if (selectedByOwner)
        {
            handle.DefaultSelectors[podInfo.Key] = LabelSelector.Parse("foo");
        }

        return ((PodTopologySpread)PodTopologySpread.New(args is null ? null : ArgsJson(args), handle), podInfo);
    }

    private static V1Pod Foo(params V1TopologySpreadConstraint[] constraints) =>
        Builders.Pod("p", labels: Builders.Labels("foo=")).WithSpread(constraints);

    private static V1Pod FooBar(params V1TopologySpreadConstraint[] constraints) =>
        Builders.Pod("p", labels: Builders.Labels("foo=", "bar=")).WithSpread(constraints);

    private static V1Pod OnHotNodes(V1Pod pod)
    {
        pod.Spec.NodeSelector = Builders.Labels("tier=hot");
        return pod;
    }

    private static V1Pod SelectingFoo(V1Pod pod)
    {
        pod.Spec.NodeSelector = Builders.Labels("foo=");
        return pod;
    }

    private static V1Node[] ZonedNodes() =>
    [
        LabeledNode("node-a", "zone=zone1"), LabeledNode("node-b", "zone=zone1"),
        LabeledNode("node-x", "zone=zone2"), LabeledNode("node-y", "zone=zone2"),
    ];

    private static V1Node[] FourNodes() => [Builders.Node("node-a"), Builders.Node("node-b"), Builders.Node("node-c"), Builders.Node("node-d")];

    private static V1Node[] HotZone1() =>
    [
        LabeledNode("node-a", "zone=zone1", "tier=hot"), LabeledNode("node-b", "zone=zone1", "tier=hot"),
        LabeledNode("node-x", "zone=zone2"), LabeledNode("node-y", "zone=zone2"),
    ];

    private static V1Node[] TaintedZone2(string effect) =>
    [
        LabeledNode("node-a", "zone=zone1"), LabeledNode("node-b", "zone=zone1"),
        Builders.Node("node-x", labels: Builders.Labels("zone=zone2"), taints: [new V1Taint { Key = "dedicated", Value = "gpu", Effect = effect }]),
        Builders.Node("node-y", labels: Builders.Labels("zone=zone2"), taints: [new V1Taint { Key = "dedicated", Value = "gpu", Effect = effect }]),
    ];

    /// <summary>Nodes labelled node=name; node-a and node-b also foo="" (what SelectingFoo pods need); node-c tainted or not.</summary>
    private static V1Node[] PolicyNodes(bool tainted)
    {
        var nodeC = BareNode("node-c", "node=node-c");
        if (tainted)
        {
            nodeC.Spec.Taints = [new V1Taint { Key = "node.kubernetes.io/unschedulable", Effect = "NoSchedule" }];
        }

        return [BareNode("node-a", "node=node-a", "foo="), BareNode("node-b", "node=node-b", "foo="), nodeC];
    }

    private static V1Pod[] PolicyPods() =>
        [PodOn("p-a1", "node-a", "foo="), PodOn("p-a2", "node-a", "foo="), PodOn("p-b1", "node-b", "foo="), PodOn("p-c1", "node-c", "foo=")];

    private static V1Pod[] TwoOneZeroThree() =>
    [
        PodOn("p-a1", "node-a", "foo="), PodOn("p-a2", "node-a", "foo="), PodOn("p-b1", "node-b", "foo="),
        PodOn("p-y1", "node-y", "foo="), PodOn("p-y2", "node-y", "foo="), PodOn("p-y3", "node-y", "foo="),
    ];

    private static V1Pod[] TwoOneZeroThreeOnAbcd() =>
    [
        PodOn("p-a1", "node-a", "foo="), PodOn("p-a2", "node-a", "foo="), PodOn("p-b1", "node-b", "foo="),
        PodOn("p-d1", "node-d", "foo="), PodOn("p-d2", "node-d", "foo="), PodOn("p-d3", "node-d", "foo="),
    ];

    private static V1Pod[] FourThreeTwoOne() =>
    [
        PodOn("p-a1", "node-a", "foo="), PodOn("p-a2", "node-a", "foo="), PodOn("p-a3", "node-a", "foo="), PodOn("p-a4", "node-a", "foo="),
        PodOn("p-b1", "node-b", "foo="), PodOn("p-b2", "node-b", "foo="), PodOn("p-b3", "node-b", "foo="),
        PodOn("p-c1", "node-c", "foo="), PodOn("p-c2", "node-c", "foo="),
        PodOn("p-d1", "node-d", "foo="),
    ];

    private static V1Pod[] FourTwoOneThree() =>
    [
        PodOn("p-a1", "node-a", "foo="), PodOn("p-a2", "node-a", "foo="), PodOn("p-a3", "node-a", "foo="), PodOn("p-a4", "node-a", "foo="),
        PodOn("p-b1", "node-b", "foo="), PodOn("p-b2", "node-b", "foo="),
        PodOn("p-x1", "node-x", "foo="),
        PodOn("p-y1", "node-y", "foo="), PodOn("p-y2", "node-y", "foo="), PodOn("p-y3", "node-y", "foo="),
    ];

    private static V1Pod[] OneEach() =>
        [PodOn("p-a1", "node-a", "foo="), PodOn("p-b1", "node-b", "foo="), PodOn("p-x1", "node-x", "foo="), PodOn("p-y1", "node-y", "foo=")];

    private static V1Pod[] TwoInZone1() => [PodOn("p-a1", "node-a", "foo="), PodOn("p-b1", "node-b", "foo=")];

    private static V1Pod[] Versions() =>
        [PodOn("p-a1", "node-a", "foo=", "version=v1"), PodOn("p-a2", "node-a", "foo=", "version=v1"), PodOn("p-x1", "node-x", "foo=", "version=v2")];

    /// <summary>A filter table row: each node's status code in node order, or null when PreFilter skips.</summary>
    private sealed record FilterCase(V1Pod Pod, V1Pod[] Pods, Code[]? Want, V1Node[]? Nodes = null, string? Args = null, bool SelectedByOwner = false);

    /// <summary>A score table row: normalized scores of the feasible nodes (all but Failed) in order, or null when PreScore skips.</summary>
    private sealed record ScoreCase(V1Pod Pod, V1Pod[] Pods, V1Node[] Nodes, long[]? Want, string[]? Failed = null, string? Args = null, bool SelectedByOwner = false);
}
