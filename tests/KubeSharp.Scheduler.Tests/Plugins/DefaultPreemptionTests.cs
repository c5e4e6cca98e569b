using k8s.Models;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.DefaultPreemption;
using KubeSharp.Scheduler.Plugins.InterPodAffinity;
using static KubeSharp.Scheduler.Tests.Plugins.AffinityTestHelpers;

namespace KubeSharp.Scheduler.Tests.Plugins;

/// <summary>
/// Upstream's default_preemption_test.go in the parts without an API client: victim selection,
/// node picking, eligibility and the message when preemption cannot help.
/// </summary>
public sealed class DefaultPreemptionTests
{
    private static readonly DateTime January = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime February = new(2024, 2, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly Dictionary<string, VictimsCase> VictimsCases = new()
    {
        ["the lowest-priority pod goes; the higher one is reprieved first and stays"] = new(
            Preemptor(cpu: "2"), [Running("p1", 1, "2"), Running("p2", 2, "2")], Code.Success, ["p1"]),
        ["every lower-priority pod goes when the pod needs the whole node"] = new(
            Preemptor(cpu: "4"), [Running("p1", 1, "2"), Running("p2", 2, "2")], Code.Success, ["p2", "p1"]),
        ["no lower-priority pod on the node"] = new(
            Preemptor(cpu: "2"), [Running("p1", 20, "2")], Code.UnschedulableAndUnresolvable, [], ["No preemption victims found for incoming pod"]),
        ["pods of the same priority are not preempted"] = new(
            Preemptor(cpu: "2"), [Running("p1", 10, "4")], Code.UnschedulableAndUnresolvable, [], ["No preemption victims found for incoming pod"]),
        ["the pod does not fit even without the lower-priority pods"] = new(
            Preemptor(cpu: "2"), [Running("p1", 20, "3"), Running("p2", 1, "1")], Code.Unschedulable, [], ["Insufficient cpu"]),
        ["equal priorities: the pod that started earlier is reprieved first"] = new(
            Preemptor(cpu: "2"), [Running("late", 1, "2", February), Running("early", 1, "2", January)], Code.Success, ["late"]),
        ["a pod not started yet counts as starting now, so it goes before one that started"] = new(
            Preemptor(cpu: "2"), [Running("pending", 1, "2"), Running("early", 1, "2", January)], Code.Success, ["pending"]),
        ["only the pods needed go, the others are reprieved"] = new(
            Preemptor(cpu: "1"), [Running("p1", 1, "1"), Running("p2", 2, "1"), Running("p3", 3, "1"), Running("p4", 4, "1")], Code.Success, ["p1"]),
    };

    public static TheoryData<string> VictimsCaseNames() => CaseNamesOf(VictimsCases);

    [Theory]
    [MemberData(nameof(VictimsCaseNames))]
    public void SelectVictimsOnNode(string name)
    {
        var test = VictimsCases[name];
        var snapshot = Snapshot.Create([Builders.Node("node1", cpu: "4")], test.Pods);
        var handle = new PreemptionTestHandle(snapshot, [new TestResourceFit()], []);
        var evaluator = new PreemptionEvaluator(handle, DefaultPreemptionArgs.Parse(null));
        var nodeInfo = snapshot.Get("node1")!;

        var (victims, status) = evaluator.SelectVictimsOnNode(new CycleState(), new PodInfo(test.Preemptor), nodeInfo.Clone());

        Assert.Equal(test.Code, status.Code);
        Assert.Equal(test.Reasons ?? [], status.Reasons.ToArray());
        Assert.Equal(test.Victims, victims.Select(victim => victim.Pod.Metadata.Name).ToArray());
        Assert.Equal(test.Pods.Length, nodeInfo.Pods.Count);
    }

    [Fact]
    public void SelectVictimsOnNode_Keeps_Affinity_State_In_Step_Through_The_Extensions()
    {
        // The preemptor's anti-affinity rejects the node while the low-priority pod runs there.
        var snapshot = Snapshot.Create(
            [Builders.Node("node1", cpu: "4")],
            [Builders.Pod("db", "node1", labels: Builders.Labels("app=db"), priority: 1), Running("big", 20, "1")]);
        var filters = new List<IFilterPlugin> { new TestResourceFit() };
        var preFilters = new List<IPreFilterPlugin>();
        var handle = new PreemptionTestHandle(snapshot, filters, preFilters);
        var affinity = InterPodAffinity.New(null, handle);
        filters.Add((IFilterPlugin)affinity);
        preFilters.Add((IPreFilterPlugin)affinity);
        var preemptor = new PodInfo(Preemptor(cpu: "1").WithAffinity(requiredAnti: [PodTerm("kubernetes.io/hostname", In("app", "db"))]));
        var state = new CycleState();
        Assert.True(handle.RunPreFilter(state, preemptor).IsSuccess);
        var nodeInfo = snapshot.Get("node1")!;
        Assert.Equal(Code.Unschedulable, handle.RunFilterPluginsWithNominatedPods(state, preemptor, nodeInfo).Code);
        var evaluator = new PreemptionEvaluator(handle, DefaultPreemptionArgs.Parse(null));

        var (candidates, statuses) = evaluator.DryRunPreemption(state, preemptor, [nodeInfo], 0, 1);

        var candidate = Assert.Single(candidates);
        Assert.Equal("node1", candidate.NodeName);
        Assert.Equal(new[] { "db" }, candidate.Victims.Select(victim => victim.Pod.Metadata.Name).ToArray());
        Assert.Empty(statuses.Statuses);

        // The dry run worked on copies: the cycle's state and node are as they were.
        Assert.Equal(Code.Unschedulable, handle.RunFilterPluginsWithNominatedPods(state, preemptor, nodeInfo).Code);
        Assert.Equal(2, nodeInfo.Pods.Count);
    }

    [Fact]
    public void DryRunPreemption_Returns_Candidates_In_The_Order_Tried_And_Statuses_Of_The_Rest()
    {
        var snapshot = Snapshot.Create(
            [Builders.Node("node1", cpu: "4"), Builders.Node("node2", cpu: "4"), Builders.Node("node3", cpu: "4")],
            [Running("a", 1, "4", node: "node1"), Running("b", 20, "4", node: "node2"), Running("c", 2, "4", node: "node3")]);
        var handle = new PreemptionTestHandle(snapshot, [new TestResourceFit()], []);
        var evaluator = new PreemptionEvaluator(handle, DefaultPreemptionArgs.Parse(null));

        var (candidates, statuses) = evaluator.DryRunPreemption(new CycleState(), new PodInfo(Preemptor(cpu: "2")), snapshot.NodeInfos, 2, 3);

        Assert.Equal(new[] { "node3", "node1" }, candidates.Select(candidate => candidate.NodeName).ToArray());
        var status = Assert.Single(statuses.Statuses);
        Assert.Equal("node2", status.Key);
        Assert.Equal(Code.UnschedulableAndUnresolvable, status.Value.Code);
    }

    [Fact]
    public void Pick_Prefers_The_Lowest_Most_Important_Victim()
    {
        var picked = PreemptionEvaluator.PickOneNodeForPreemption(
            [CandidateOn("node1", Victim(10)), CandidateOn("node2", Victim(5), Victim(4))], January);

        Assert.Equal("node2", picked!.NodeName);
    }

    [Fact]
    public void Pick_Breaks_Ties_By_The_Sum_Of_Priorities()
    {
        var picked = PreemptionEvaluator.PickOneNodeForPreemption(
            [CandidateOn("node1", Victim(5), Victim(3)), CandidateOn("node2", Victim(5), Victim(1))], January);

        Assert.Equal("node2", picked!.NodeName);
    }

    [Fact]
    public void Pick_Counts_Negative_Priorities_So_Fewer_Victims_Win()
    {
        var picked = PreemptionEvaluator.PickOneNodeForPreemption(
            [CandidateOn("node1", Victim(-5), Victim(-5)), CandidateOn("node2", Victim(-5))], January);

        Assert.Equal("node2", picked!.NodeName);
    }

    [Fact]
    public void Pick_Breaks_Ties_By_The_Latest_Start_Of_The_Most_Important_Victims()
    {
        var picked = PreemptionEvaluator.PickOneNodeForPreemption(
            [
                CandidateOn("node1", Victim(5, January), Victim(1, February)),
                CandidateOn("node2", Victim(5, February), Victim(1, January)),
                CandidateOn("node3", Victim(5, January), Victim(1, February)),
            ],
            new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc));

        Assert.Equal("node2", picked!.NodeName);
    }

    [Fact]
    public void Pick_Takes_The_First_Of_Equal_Candidates()
    {
        var picked = PreemptionEvaluator.PickOneNodeForPreemption(
            [CandidateOn("node1", Victim(5, January)), CandidateOn("node2", Victim(5, January))], February);

        Assert.Equal("node1", picked!.NodeName);
        Assert.Null(PreemptionEvaluator.PickOneNodeForPreemption([], February));
    }

    [Theory]
    [InlineData(10, 100, 50, 50)]
    [InlineData(10, 100, 500, 100)]
    [InlineData(10, 100, 1500, 150)]
    [InlineData(0, 5, 50, 5)]
    [InlineData(40, 0, 3, 1)]
    [InlineData(100, 0, 7, 7)]
    public void CalculateNumCandidates(int percentage, int absolute, int nodes, int want)
    {
        var args = DefaultPreemptionArgs.Parse(ArgsJson($$"""{"minCandidateNodesPercentage": {{percentage}}, "minCandidateNodesAbsolute": {{absolute}}}"""));
        var evaluator = new PreemptionEvaluator(new PreemptionTestHandle(new Snapshot(), [], []), args);

        Assert.Equal(want, evaluator.CalculateNumCandidates(nodes));
    }

    [Fact]
    public async Task No_Victims_Anywhere()
    {
        var snapshot = Snapshot.Create(
            [Builders.Node("node1", cpu: "1"), Builders.Node("node2", cpu: "1"), Builders.Node("node3", cpu: "1")],
            [Running("a", 20, "1", node: "node1"), Running("b", 20, "1", node: "node2"), Running("c", 20, "1", node: "node3")]);
        var statuses = new NodeToStatus();
        foreach (var node in snapshot.NodeInfos)
        {
            statuses.Statuses[node.Name] = Status.Unschedulable("Insufficient cpu");
        }

        var (result, status) = await PostFilter(snapshot, Preemptor(cpu: "1"), statuses);

        Assert.Equal(Code.Unschedulable, status.Code);
        Assert.Equal(new[] { "preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod." }, status.Reasons.ToArray());
        Assert.Equal(string.Empty, result?.NominatedNodeName);
    }

    [Fact]
    public async Task Preemption_Is_Not_Helpful_When_No_Node_Is_Merely_Unschedulable()
    {
        var snapshot = Snapshot.Create(
            [Builders.Node("node1"), Builders.Node("node2"), Builders.Node("node3")],
            [Running("a", 1, "1", node: "node1")]);
        var statuses = new NodeToStatus();
        foreach (var node in snapshot.NodeInfos)
        {
            statuses.Statuses[node.Name] = Status.Unresolvable("node(s) didn't match Pod's node affinity/selector");
        }

        var (_, status) = await PostFilter(snapshot, Preemptor(cpu: "1"), statuses);

        Assert.Equal(Code.Unschedulable, status.Code);
        Assert.Equal(new[] { "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling." }, status.Reasons.ToArray());
    }

    [Fact]
    public async Task Nodes_Not_Tried_Count_As_Not_Helpful()
    {
        var snapshot = Snapshot.Create(
            [Builders.Node("node1", cpu: "1"), Builders.Node("node2", cpu: "1"), Builders.Node("node3", cpu: "1")],
            [Running("a", 20, "1", node: "node1")]);
        var statuses = new NodeToStatus();
        statuses.Statuses["node1"] = Status.Unschedulable("Insufficient cpu");
        statuses.Statuses["node2"] = Status.Unresolvable("node(s) had untolerated taint {dedicated: gpu}");

        var (_, status) = await PostFilter(snapshot, Preemptor(cpu: "1"), statuses);

        Assert.Equal(
            new[] { "preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling." },
            status.Reasons.ToArray());
    }

    [Fact]
    public async Task A_Pod_With_PreemptionPolicy_Never_Does_Not_Preempt()
    {
        var snapshot = Snapshot.Create([Builders.Node("node1", cpu: "1")], [Running("a", 1, "1")]);
        var pod = Preemptor(cpu: "1");
        pod.Spec.PreemptionPolicy = "Never";
        var statuses = new NodeToStatus();
        statuses.Statuses["node1"] = Status.Unschedulable("Insufficient cpu");

        var (result, status) = await PostFilter(snapshot, pod, statuses);

        Assert.Null(result);
        Assert.Equal(Code.Unschedulable, status.Code);
        Assert.Equal(new[] { "preemption: not eligible due to preemptionPolicy=Never." }, status.Reasons.ToArray());
    }

    [Fact]
    public async Task A_Pod_Waits_While_Its_Victims_Terminate_On_The_Nominated_Node()
    {
        var victim = Running("a", 1, "1");
        victim.Metadata.DeletionTimestamp = January;
        victim.Status.Conditions = [new V1PodCondition { Type = "DisruptionTarget", Status = "True", Reason = "PreemptionByScheduler" }];
        var snapshot = Snapshot.Create([Builders.Node("node1", cpu: "1")], [victim]);
        var pod = Preemptor(cpu: "1");
        pod.Status = new V1PodStatus { NominatedNodeName = "node1" };
        var statuses = new NodeToStatus();
        statuses.Statuses["node1"] = Status.Unschedulable("Insufficient cpu");

        var (result, status) = await PostFilter(snapshot, pod, statuses);

        Assert.Null(result);
        Assert.Equal(new[] { "preemption: not eligible due to a terminating pod on the nominated node." }, status.Reasons.ToArray());
    }

    [Fact]
    public async Task A_Terminating_Pod_Not_Preempted_By_The_Scheduler_Does_Not_Block()
    {
        var leaving = Running("leaving", 1, "0");
        leaving.Metadata.DeletionTimestamp = January;
        var snapshot = Snapshot.Create([Builders.Node("node1", cpu: "1")], [leaving, Running("blocker", 20, "1")]);
        var pod = Preemptor(cpu: "1");
        pod.Status = new V1PodStatus { NominatedNodeName = "node1" };
        var statuses = new NodeToStatus();
        statuses.Statuses["node1"] = Status.Unschedulable("Insufficient cpu");

        var (_, status) = await PostFilter(snapshot, pod, statuses);

        // Eligible: the dry run removes the leaving pod and still finds no room.
        Assert.Equal(new[] { "preemption: 0/1 nodes are available: 1 Insufficient cpu." }, status.Reasons.ToArray());
    }

    [Fact]
    public async Task An_Unresolvable_Nominated_Node_Does_Not_Block_Preemption()
    {
        var victim = Running("a", 1, "1");
        victim.Metadata.DeletionTimestamp = January;
        victim.Status.Conditions = [new V1PodCondition { Type = "DisruptionTarget", Status = "True", Reason = "PreemptionByScheduler" }];
        var snapshot = Snapshot.Create([Builders.Node("node1", cpu: "1")], [victim]);
        var pod = Preemptor(cpu: "1");
        pod.Status = new V1PodStatus { NominatedNodeName = "node1" };
        var statuses = new NodeToStatus();
        statuses.Statuses["node1"] = Status.Unresolvable("node(s) didn't match Pod's node affinity/selector");

        var (_, status) = await PostFilter(snapshot, pod, statuses);

        Assert.Equal(new[] { "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling." }, status.Reasons.ToArray());
    }

    [Theory]
    [InlineData("""{"minCandidateNodesPercentage": 101}""")]
    [InlineData("""{"minCandidateNodesPercentage": -1}""")]
    [InlineData("""{"minCandidateNodesAbsolute": -1}""")]
    [InlineData("""{"minCandidateNodesPercentage": 0, "minCandidateNodesAbsolute": 0}""")]
    [InlineData("""{"minCandidateNodesAbsolute": "many"}""")]
    [InlineData("""[]""")]
    [InlineData("""{"minCandidateNodes": 5}""")]
    public void New_Rejects_Invalid_Args(string args)
    {
        var handle = new FakeFrameworkHandle(new Snapshot());

        Assert.Throws<ArgumentException>(() => DefaultPreemption.New(ArgsJson(args), handle));
    }

    [Fact]
    public void Args_Default_As_Upstream()
    {
        var args = DefaultPreemptionArgs.Parse(null);

        Assert.Equal(10, args.MinCandidateNodesPercentage);
        Assert.Equal(100, args.MinCandidateNodesAbsolute);
    }

    private static async Task<(PostFilterResult? Result, Status Status)> PostFilter(Snapshot snapshot, V1Pod pod, NodeToStatus statuses)
    {
        var handle = new PreemptionTestHandle(snapshot, [new TestResourceFit()], []);
        var plugin = (IPostFilterPlugin)DefaultPreemption.New(null, handle);
        return await plugin.PostFilterAsync(new CycleState(), new PodInfo(pod), statuses, CancellationToken.None);
    }

    private static V1Pod Preemptor(string cpu) => Builders.Pod("preemptor", cpu: cpu, priority: 10);

    private static V1Pod Running(string name, int priority, string cpu, DateTime? started = null, string node = "node1")
    {
        var pod = Builders.Pod(name, node, cpu: cpu, priority: priority);
        pod.Status = new V1PodStatus { StartTime = started };
        return pod;
    }

    private static PodInfo Victim(int priority, DateTime? started = null) =>
        new(Running("v" + priority, priority, "1", started ?? January));

    private static Candidate CandidateOn(string node, params PodInfo[] victims) => new(node, victims);

    /// <summary>A victim selection row: the victims' names in order of importance, with the status and its reasons.</summary>
    private sealed record VictimsCase(V1Pod Preemptor, V1Pod[] Pods, Code Code, string[] Victims, string[]? Reasons = null);
}
