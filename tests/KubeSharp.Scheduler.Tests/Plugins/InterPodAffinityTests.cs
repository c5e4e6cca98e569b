using k8s.Models;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.InterPodAffinity;
using static KubeSharp.Scheduler.Tests.Plugins.AffinityTestHelpers;

namespace KubeSharp.Scheduler.Tests.Plugins;

/// <summary>Upstream's interpodaffinity filtering_test.go and scoring_test.go tables, in the parts that apply.</summary>
public sealed class InterPodAffinityTests
{
    private const string AffinityReason = "node(s) didn't match pod affinity rules";
    private const string AntiAffinityReason = "node(s) didn't match pod anti-affinity rules";
    private const string ExistingAntiAffinityReason = "node(s) didn't satisfy existing pods anti-affinity rules";

    private static readonly Dictionary<string, FilterCase> FilterCases = new()
    {
        ["no affinity and no pod with anti-affinity: PreFilter skips"] = new(Incoming(), [], Code.Skip),
        ["affinity In matching the existing pod"] = new(
            Incoming("security=S1").WithAffinity(required: [PodTerm("region", In("service", "securityscan", "value2"))]),
            [Existing()],
            Code.Success),
        ["affinity NotIn other values matching the existing pod"] = new(
            Incoming("security=S1").WithAffinity(required: [PodTerm("region", NotIn("service", "securityscan3", "value3"))]),
            [Existing()],
            Code.Success),
        ["affinity to another namespace than the matching pod's"] = new(
            Incoming("security=S1").WithAffinity(required: [PodTerm("region", In("service", "securityscan", "value2"), namespaces: ["DiffNameSpace"])]),
            [Builders.Pod("existing", "node1", labels: Builders.Labels("service=securityscan"), ns: "ns")],
            Code.UnschedulableAndUnresolvable,
            AffinityReason),
        ["affinity selecting no pod"] = new(
            Incoming("service=securityscan").WithAffinity(required: [PodTerm("region", In("service", "antivirusscan", "value2"))]),
            [Existing()],
            Code.UnschedulableAndUnresolvable,
            AffinityReason),
        ["several terms with different operators, all matched by the pod"] = new(
            Incoming("security=S1").WithAffinity(required:
            [
                PodTerm("region", All(Exists("service"), DoesNotExist("wrongkey"))),
                PodTerm("region", All(In("service", "securityscan"), NotIn("service", "WrongValue"))),
            ]),
            [Existing()],
            Code.Success),
        ["terms are ANDed: the pod misses one of them"] = new(
            Incoming("security=S1").WithAffinity(required:
            [
                PodTerm("region", All(Exists("service"), DoesNotExist("wrongkey"))),
                PodTerm("region", All(In("service", "securityscan2"), NotIn("service", "WrongValue"))),
            ]),
            [Existing()],
            Code.UnschedulableAndUnresolvable,
            AffinityReason),
        ["affinity and anti-affinity both satisfied"] = new(
            Incoming("security=S1").WithAffinity(
                required: [PodTerm("region", In("service", "securityscan", "value2"))],
                requiredAnti: [PodTerm("node", In("service", "antivirusscan", "value2"))]),
            [Existing()],
            Code.Success),
        ["the existing pod's anti-affinity does not select the incoming pod"] = new(
            Incoming("security=S1").WithAffinity(
                required: [PodTerm("region", In("service", "securityscan", "value2"))],
                requiredAnti: [PodTerm("node", In("service", "antivirusscan", "value2"))]),
            [Existing().WithAffinity(requiredAnti: [PodTerm("node", In("service", "antivirusscan", "value2"))])],
            Code.Success),
        ["anti-affinity selects the pod in the node's zone"] = new(
            Incoming("security=S1").WithAffinity(
                required: [PodTerm("region", In("service", "securityscan", "value2"))],
                requiredAnti: [PodTerm("zone", In("service", "securityscan", "value2"))]),
            [Existing()],
            Code.Unschedulable,
            AntiAffinityReason),
        ["the existing pod's anti-affinity selects the incoming pod"] = new(
            Incoming("service=securityscan").WithAffinity(
                required: [PodTerm("region", In("service", "securityscan", "value2"))],
                requiredAnti: [PodTerm("node", In("service", "antivirusscan", "value2"))]),
            [Existing().WithAffinity(requiredAnti: [PodTerm("zone", In("service", "securityscan", "value2"))])],
            Code.Unschedulable,
            ExistingAntiAffinityReason),
        ["affinity matching neither the pod itself nor a pod in the cluster"] = new(
            Incoming("service=securityscan").WithAffinity(required: [PodTerm("region", NotIn("service", "securityscan", "value2"))]),
            [PodOn("elsewhere", "node2", "service=securityscan")],
            Code.UnschedulableAndUnresolvable,
            AffinityReason),
        ["no affinity of its own, but the existing pod's anti-affinity selects it"] = new(
            Incoming("service=securityscan"),
            [Existing().WithAffinity(requiredAnti: [PodTerm("zone", In("service", "securityscan", "value2"))])],
            Code.Unschedulable,
            ExistingAntiAffinityReason),
        ["the existing pod's anti-affinity NotIn does not select it: PreFilter skips"] = new(
            Incoming("service=securityscan"),
            [Existing().WithAffinity(requiredAnti: [PodTerm("zone", NotIn("service", "securityscan", "value2"))])],
            Code.Skip),
        ["anti-affinity selects the existing pod by another label, checked before the existing pod's"] = new(
            Incoming("service=securityscan").WithAffinity(requiredAnti: [PodTerm("region", Exists("service")), PodTerm("region", Exists("security"))]),
            [PodOn("existing", "node1", "security=S1").WithAffinity(requiredAnti: [PodTerm("zone", Exists("security"))])],
            Code.Unschedulable,
            AntiAffinityReason),
        ["symmetry a1: the incoming pod's second term selects the existing pod"] = new(
            Incoming("service=securityscan").WithAffinity(requiredAnti: [PodTerm("zone", Exists("service")), PodTerm("zone", Exists("security"))]),
            [PodOn("existing", "node1", "security=S1").WithAffinity(requiredAnti: [PodTerm("zone", Exists("security"))])],
            Code.Unschedulable,
            AntiAffinityReason),
        ["symmetry a2: only the existing pod's second term selects the incoming pod"] = new(
            Incoming("security=S1").WithAffinity(requiredAnti: [PodTerm("zone", Exists("security"))]),
            [Existing().WithAffinity(requiredAnti: [PodTerm("zone", Exists("service")), PodTerm("zone", Exists("security"))])],
            Code.Unschedulable,
            ExistingAntiAffinityReason),
        ["symmetry b1: both select each other by one of two terms"] = new(
            Incoming("abc=", "xyz=").WithAffinity(requiredAnti: [PodTerm("zone", Exists("abc")), PodTerm("zone", Exists("def"))]),
            [PodOn("existing", "node1", "def=", "xyz=").WithAffinity(requiredAnti: [PodTerm("zone", Exists("abc")), PodTerm("zone", Exists("def"))])],
            Code.Unschedulable,
            AntiAffinityReason),
        ["the first pod of a group with affinity to itself may go anywhere"] = new(
            Incoming("service=securityscan").WithAffinity(required: [PodTerm("region", In("service", "securityscan"))]),
            [],
            Code.Success),
        ["affinity to itself still needs the topology label on the node"] = new(
            Incoming("service=securityscan").WithAffinity(required: [PodTerm("rack", In("service", "securityscan"))]),
            [],
            Code.UnschedulableAndUnresolvable,
            AffinityReason),
        ["affinity to itself does not help once a matching pod runs in another domain"] = new(
            Incoming("service=securityscan").WithAffinity(required: [PodTerm("zone", In("service", "securityscan"))]),
            [PodOn("elsewhere", "node2", "service=securityscan")],
            Code.UnschedulableAndUnresolvable,
            AffinityReason,
            TwoNodes: true),
        ["namespaceSelector matching the existing pod's namespace labels"] = new(
            Incoming("security=S1").WithAffinity(required: [PodTerm("region", In("service", "securityscan"), namespaceSelector: In("team", "team1"))]),
            [Builders.Pod("existing", "node1", labels: Builders.Labels("service=securityscan"), ns: "subteam1.team1")],
            Code.Success,
            NamespaceTeam: "team1"),
        ["namespaceSelector not matching the existing pod's namespace labels"] = new(
            Incoming("security=S1").WithAffinity(required: [PodTerm("region", In("service", "securityscan"), namespaceSelector: In("team", "team1"))]),
            [Builders.Pod("existing", "node1", labels: Builders.Labels("service=securityscan"), ns: "subteam1.team1")],
            Code.UnschedulableAndUnresolvable,
            AffinityReason,
            NamespaceTeam: "team2"),
    };

    private static readonly Dictionary<string, ScoreCase> ScoreCases = new()
    {
        ["no affinity anywhere: PreScore skips"] = new(
            Incoming("security=S1"),
            [],
            [LabeledNode("node1", "region=China"), LabeledNode("node2", "region=India"), LabeledNode("node3", "az=az1")],
            null),
        ["affinity: the node in the topology of a matching pod scores highest"] = new(
            Incoming("security=S1").WithAffinity(preferred: StayWithS1InRegion()),
            [PodOn("p1", "node1", "security=S1"), PodOn("p2", "node2", "security=S2"), PodOn("p3", "node3", "security=S1")],
            [LabeledNode("node1", "region=China"), LabeledNode("node2", "region=India"), LabeledNode("node3", "az=az1")],
            [100, 0, 0]),
        ["affinity: all nodes of the matching pod's topology score the same"] = new(
            Incoming().WithAffinity(preferred: StayWithS1InRegion()),
            [PodOn("p1", "node1", "security=S1")],
            [LabeledNode("node1", "region=China"), LabeledNode("node2", "region=China", "az=az1"), LabeledNode("node3", "region=India")],
            [100, 100, 0]),
        ["affinity: the region with more matching pods scores higher"] = new(
            Incoming("security=S1").WithAffinity(preferred: StayWithS2InRegion()),
            [
                PodOn("p1", "node1", "security=S2"), PodOn("p2", "node1", "security=S2"), PodOn("p3", "node2", "security=S2"),
                PodOn("p4", "node3", "security=S2"), PodOn("p5", "node4", "security=S2"), PodOn("p6", "node5", "security=S2"),
            ],
            [
                LabeledNode("node1", "region=China"), LabeledNode("node2", "region=India"), LabeledNode("node3", "region=China"),
                LabeledNode("node4", "region=China"), LabeledNode("node5", "region=India"),
            ],
            [100, 0, 100, 100, 0]),
        ["affinity: different operators and weights, some terms not matching"] = new(
            Incoming("security=S1").WithAffinity(preferred:
            [
                Weighted(8, PodTerm("region", All(NotIn("security", "S1"), In("security", "S2")))),
                Weighted(2, PodTerm("region", All(Exists("security"), DoesNotExist("wrongkey")))),
            ]),
            [PodOn("p1", "node1", "security=S1"), PodOn("p2", "node2", "security=S2"), PodOn("p3", "node3", "security=S1")],
            [LabeledNode("node1", "region=China"), LabeledNode("node2", "region=India"), LabeledNode("node3", "az=az1")],
            [20, 100, 0]),
        ["affinity symmetry: an existing pod's preferred term selecting the incoming pod"] = new(
            Incoming("security=S2"),
            [PodOn("p1", "node1", "security=S1").WithAffinity(preferred: StayWithS1InRegion()), PodOn("p2", "node2", "security=S2").WithAffinity(preferred: StayWithS2InRegion())],
            [LabeledNode("node1", "region=China"), LabeledNode("node2", "region=India"), LabeledNode("node3", "az=az1")],
            [0, 100, 0]),
        ["affinity symmetry through a namespaceSelector"] = new(
            Builders.Pod("incoming", labels: Builders.Labels("security=S1"), ns: "subteam1.team1"),
            [
                PodOn("p1", "node1", "security=S1").WithAffinity(preferred:
                    [Weighted(5, PodTerm("region", In("security", "S1"), namespaces: ["subteam2.team2"], namespaceSelector: In("team", "team1")))]),
                PodOn("p2", "node2", "security=S2").WithAffinity(preferred: StayWithS2InRegion()),
            ],
            [LabeledNode("node1", "region=China"), LabeledNode("node2", "region=India"), LabeledNode("node3", "az=az1")],
            [100, 0, 0]),
        ["affinity symmetry: existing pods' required terms count with hardPodAffinityWeight"] = new(
            Incoming("security=S1"),
            [PodOn("p1", "node1", "security=S1").WithAffinity(required: HardAffinity()), PodOn("p2", "node2", "security=S2").WithAffinity(required: HardAffinity())],
            [LabeledNode("node1", "region=China"), LabeledNode("node2", "region=India"), LabeledNode("node3", "az=az1")],
            [100, 100, 0]),
        ["hardPodAffinityWeight 0: existing pods' required terms do not count"] = new(
            Incoming("security=S1"),
            [PodOn("p1", "node1", "security=S1").WithAffinity(required: HardAffinity()), PodOn("p2", "node2", "security=S2").WithAffinity(required: HardAffinity())],
            [LabeledNode("node1", "region=China"), LabeledNode("node2", "region=India"), LabeledNode("node3", "az=az1")],
            null,
            """{"hardPodAffinityWeight": 0}"""),
        ["hardPodAffinityWeight 1 against a preferred weight of 5"] = new(
            Incoming("security=S1"),
            [PodOn("p1", "node1").WithAffinity(required: [PodTerm("region", In("security", "S1"))]), PodOn("p2", "node2").WithAffinity(preferred: StayWithS1InRegion())],
            [LabeledNode("node1", "region=China"), LabeledNode("node2", "region=India"), LabeledNode("node3", "az=az1")],
            [20, 100, 0]),
        ["hardPodAffinityWeight 10 against a preferred weight of 5"] = new(
            Incoming("security=S1"),
            [PodOn("p1", "node1").WithAffinity(required: [PodTerm("region", In("security", "S1"))]), PodOn("p2", "node2").WithAffinity(preferred: StayWithS1InRegion())],
            [LabeledNode("node1", "region=China"), LabeledNode("node2", "region=India"), LabeledNode("node3", "az=az1")],
            [100, 50, 0],
            """{"hardPodAffinityWeight": 10}"""),
        ["anti-affinity: the node of a matching pod scores lowest"] = new(
            Incoming("security=S1").WithAffinity(preferredAnti: AwayFromInAz("S1")),
            [PodOn("p1", "node1", "security=S1"), PodOn("p2", "node2", "security=S2")],
            [LabeledNode("node1", "az=az1"), LabeledNode("node2", "region=China")],
            [0, 100]),
        ["anti-affinity symmetry: an existing pod's preferred anti-affinity selecting the incoming pod"] = new(
            Incoming("security=S2"),
            [PodOn("p1", "node1", "security=S1").WithAffinity(preferredAnti: AwayFromInAz("S2")), PodOn("p2", "node2", "security=S2").WithAffinity(preferredAnti: AwayFromInAz("S1"))],
            [LabeledNode("node1", "az=az1"), LabeledNode("node2", "az=az2")],
            [0, 100]),
        ["affinity, anti-affinity and symmetry together"] = new(
            Incoming("security=S1").WithAffinity(preferred: StayWithS1InRegion(8), preferredAnti: AwayFromInAz("S2")),
            [
                PodOn("p1", "node1", "security=S1"),
                PodOn("p2", "node2", "security=S2"),
                PodOn("p3", "node3").WithAffinity(preferred: StayWithS1InRegion(8), preferredAnti: AwayFromInAz("S2")),
                PodOn("p4", "node4").WithAffinity(preferredAnti: AwayFromInAz("S1")),
            ],
            [LabeledNode("node1", "region=China"), LabeledNode("node2", "az=az1"), LabeledNode("node3", "region=India"), LabeledNode("node4", "az=az2")],
            [100, 0, 100, 0]),
        ["ignorePreferredTermsOfExistingPods: PreScore skips for a pod without preferred terms"] = new(
            Incoming("security=S2"),
            [PodOn("p1", "node1", "security=S1").WithAffinity(preferred: StayWithS1InRegion()), PodOn("p2", "node2", "security=S2").WithAffinity(preferred: StayWithS2InRegion())],
            [LabeledNode("node1", "region=China"), LabeledNode("node2", "region=India"), LabeledNode("node3", "az=az1")],
            null,
            """{"ignorePreferredTermsOfExistingPods": true}"""),
    };

    public static TheoryData<string> FilterCaseNames() => CaseNamesOf(FilterCases);

    public static TheoryData<string> ScoreCaseNames() => CaseNamesOf(ScoreCases);

    [Theory]
    [MemberData(nameof(FilterCaseNames))]
    public void Filter_On_A_Single_Node(string name)
    {
        var test = FilterCases[name];
        V1Node[] nodes = test.TwoNodes
            ? [LabeledNode("node1", "region=r1", "zone=z11"), LabeledNode("node2", "region=r1", "zone=z12")]
            : [LabeledNode("node1", "region=r1", "zone=z11")];
        var snapshot = Snapshot.Create(nodes, test.Pods);
        var handle = new FakeFrameworkHandle(snapshot);
        if (test.NamespaceTeam is { } team)
        {
            handle.Namespaces["subteam1.team1"] = Builders.Labels("team=" + team);
        }

        var plugin = (InterPodAffinity)InterPodAffinity.New(null, handle);
        var state = new CycleState();
        var pod = new PodInfo(test.Pod);

        var (result, preFilter) = plugin.PreFilter(state, pod, snapshot.NodeInfos);

        Assert.Null(result);
        if (test.Code == Code.Skip)
        {
            Assert.Equal(Code.Skip, preFilter.Code);
            return;
        }

        Assert.Equal(Code.Success, preFilter.Code);
        var status = plugin.Filter(state, pod, snapshot.Get("node1")!);
        string[] reasons = test.Reason is null ? [] : [test.Reason];
        Assert.Equal(test.Code, status.Code);
        Assert.Equal(reasons, status.Reasons.ToArray());
    }

    [Fact]
    public void Filter_Counts_Affinity_Per_Topology_Domain()
    {
        var nodes = new[]
        {
            LabeledNode("machine1", "region=r1", "zone=z11"),
            LabeledNode("machine2", "region=r1", "zone=z12"),
            LabeledNode("machine3", "region=r2", "zone=z21"),
        };
        var snapshot = Snapshot.Create(nodes, [PodOn("p1", "machine1", "foo=bar")]);
        var plugin = (InterPodAffinity)InterPodAffinity.New(null, new FakeFrameworkHandle(snapshot));

        var affinity = new PodInfo(Incoming().WithAffinity(required: [PodTerm("region", In("foo", "bar"))]));
        var affinityState = new CycleState();
        plugin.PreFilter(affinityState, affinity, snapshot.NodeInfos);
        var antiAffinity = new PodInfo(Incoming().WithAffinity(requiredAnti: [PodTerm("zone", In("foo", "bar"))]));
        var antiAffinityState = new CycleState();
        plugin.PreFilter(antiAffinityState, antiAffinity, snapshot.NodeInfos);

        Assert.Equal(
            new[] { Code.Success, Code.Success, Code.UnschedulableAndUnresolvable },
            snapshot.NodeInfos.Select(node => plugin.Filter(affinityState, affinity, node).Code).ToArray());
        Assert.Equal(
            new[] { Code.Unschedulable, Code.Success, Code.Success },
            snapshot.NodeInfos.Select(node => plugin.Filter(antiAffinityState, antiAffinity, node).Code).ToArray());
    }

    [Fact]
    public void RemovePod_And_AddPod_Change_Only_The_Cloned_State()
    {
        var node = LabeledNode("node1", "region=r1", "zone=z11");
        var blocker = Existing().WithAffinity(requiredAnti: [PodTerm("zone", In("service", "securityscan"))]);
        var snapshot = Snapshot.Create([node], [blocker]);
        var plugin = (InterPodAffinity)InterPodAffinity.New(null, new FakeFrameworkHandle(snapshot));
        var pod = new PodInfo(Incoming("service=securityscan"));
        var state = new CycleState();
        plugin.PreFilter(state, pod, snapshot.NodeInfos);
        var nodeInfo = snapshot.Get("node1")!;
        var blockerInfo = nodeInfo.Pods[0];

        var clone = state.Clone();
        var copy = nodeInfo.Clone();
        copy.RemovePod(blockerInfo);
        Assert.True(plugin.RemovePod(clone, pod, blockerInfo, copy).IsSuccess);

        Assert.Equal(Code.Success, plugin.Filter(clone, pod, copy).Code);
        Assert.Equal(Code.Unschedulable, plugin.Filter(state, pod, nodeInfo).Code);

        copy.AddPod(blockerInfo);
        Assert.True(plugin.AddPod(clone, pod, blockerInfo, copy).IsSuccess);
        Assert.Equal(Code.Unschedulable, plugin.Filter(clone, pod, copy).Code);
    }

    [Fact]
    public void AddPod_Of_A_Matching_Pod_Satisfies_Affinity()
    {
        var snapshot = Snapshot.Create([LabeledNode("node1", "region=r1")], []);
        var plugin = (InterPodAffinity)InterPodAffinity.New(null, new FakeFrameworkHandle(snapshot));
        var pod = new PodInfo(Incoming().WithAffinity(required: [PodTerm("region", In("foo", "bar"))]));
        var state = new CycleState();
        plugin.PreFilter(state, pod, snapshot.NodeInfos);
        var nodeInfo = snapshot.Get("node1")!;
        Assert.Equal(Code.UnschedulableAndUnresolvable, plugin.Filter(state, pod, nodeInfo).Code);

        var clone = state.Clone();
        var nominated = new PodInfo(PodOn("nominated", "node1", "foo=bar"));
        Assert.True(plugin.AddPod(clone, pod, nominated, nodeInfo).IsSuccess);

        Assert.Equal(Code.Success, plugin.Filter(clone, pod, nodeInfo).Code);
        Assert.Equal(Code.UnschedulableAndUnresolvable, plugin.Filter(state, pod, nodeInfo).Code);
    }

    [Theory]
    [MemberData(nameof(ScoreCaseNames))]
    public void Score_And_Normalize(string name)
    {
        var test = ScoreCases[name];
        var snapshot = Snapshot.Create(test.Nodes, test.Pods);
        var handle = new FakeFrameworkHandle(snapshot);
        handle.Namespaces["subteam1.team1"] = Builders.Labels("team=team1");
        handle.Namespaces["subteam2.team2"] = Builders.Labels("team=team2");
        var plugin = (InterPodAffinity)InterPodAffinity.New(test.Args is null ? null : ArgsJson(test.Args), handle);
        var state = new CycleState();
        var pod = new PodInfo(test.Pod);

        var preScore = plugin.PreScore(state, pod, snapshot.NodeInfos);

        if (test.Want is null)
        {
            Assert.Equal(Code.Skip, preScore.Code);
            return;
        }

        Assert.Equal(Code.Success, preScore.Code);
        var scores = snapshot.NodeInfos.Select(node =>
        {
            var (score, status) = plugin.Score(state, pod, node);
            Assert.True(status.IsSuccess, status.ToString());
            return new NodeScore(node.Name, score);
        }).ToArray();
        Assert.True(plugin.NormalizeScore(state, pod, scores).IsSuccess);
        Assert.Equal(test.Want, scores.Select(score => score.Score).ToArray());
    }

    [Theory]
    [InlineData("""{"hardPodAffinityWeight": 101}""")]
    [InlineData("""{"hardPodAffinityWeight": -1}""")]
    [InlineData("""{"hardPodAffinityWeight": "heavy"}""")]
    [InlineData("""[1]""")]
    [InlineData("""{"hardPodAffinityWieght": 2}""")]
    public void New_Rejects_Invalid_Args(string args)
    {
        var handle = new FakeFrameworkHandle(new Snapshot());

        Assert.Throws<ArgumentException>(() => InterPodAffinity.New(ArgsJson(args), handle));
    }

    [Fact]
    public void Args_Default_As_Upstream()
    {
        var args = InterPodAffinityArgs.Parse(ArgsJson("""{"apiVersion": "kubescheduler.config.k8s.io/v1", "kind": "InterPodAffinityArgs"}"""));

        Assert.Equal(1, args.HardPodAffinityWeight);
        Assert.False(args.IgnorePreferredTermsOfExistingPods);
    }

    [Fact]
    public void Pod_Changes_And_Node_Labels_Requeue_Rejected_Pods()
    {
        var plugin = (IEnqueueExtensions)InterPodAffinity.New(null, new FakeFrameworkHandle(new Snapshot()));
        var events = plugin.EventsToRegister();

        Assert.Contains(events, registered => registered.Matches(ClusterEvent.PodDelete));
        Assert.Contains(events, registered => registered.Matches(new ClusterEvent(EventResource.Pod, ActionType.UpdatePodLabel)));
        Assert.Contains(events, registered => registered.Matches(ClusterEvent.NodeAdd));
        Assert.Contains(events, registered => registered.Matches(new ClusterEvent(EventResource.Node, ActionType.UpdateNodeLabel)));
        Assert.DoesNotContain(events, registered => registered.Matches(new ClusterEvent(EventResource.Node, ActionType.UpdateNodeAllocatable)));
    }

    private static V1Pod Incoming(params string[] labels) => Builders.Pod("incoming", labels: Builders.Labels(labels));

    private static V1Pod Existing() => PodOn("existing", "node1", "service=securityscan");

    private static List<V1WeightedPodAffinityTerm> StayWithS1InRegion(int weight = 5) => [Weighted(weight, PodTerm("region", In("security", "S1")))];

    private static List<V1WeightedPodAffinityTerm> StayWithS2InRegion() => [Weighted(6, PodTerm("region", In("security", "S2")))];

    private static List<V1WeightedPodAffinityTerm> AwayFromInAz(string security) => [Weighted(5, PodTerm("az", In("security", security)))];

    private static List<V1PodAffinityTerm> HardAffinity() =>
    [
        PodTerm("region", In("security", "S1", "value2")),
        PodTerm("region", All(Exists("security"), DoesNotExist("wrongkey"))),
    ];

    /// <summary>A filter table row: the status Filter gives node1 (region r1, zone z11), or Skip when PreFilter skips.</summary>
    private sealed record FilterCase(V1Pod Pod, V1Pod[] Pods, Code Code, string? Reason = null, bool TwoNodes = false, string? NamespaceTeam = null);

    /// <summary>A score table row: the normalized scores in node order, or null when PreScore skips.</summary>
    private sealed record ScoreCase(V1Pod Pod, V1Pod[] Pods, V1Node[] Nodes, long[]? Want, string? Args = null);
}
