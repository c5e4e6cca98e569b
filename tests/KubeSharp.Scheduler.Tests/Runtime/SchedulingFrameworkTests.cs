using System.Text.Json;
using k8s;
using KubeSharp.Api.Selectors;
using KubeSharp.Scheduler.Config;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Runtime;
using static KubeSharp.Scheduler.Tests.Builders;

namespace KubeSharp.Scheduler.Tests.Runtime;

public sealed class SchedulingFrameworkTests : IDisposable
{
    private readonly Kubernetes _client = new(new KubernetesClientConfiguration { Host = "https://127.0.0.1:1" });

    public void Dispose() => _client.Dispose();

    [Fact]
    public void The_Default_Profile_Runs_Upstreams_Plugins_With_Their_Weights()
    {
        var framework = Create(new SchedulerProfile());
        Assert.Equal("PrioritySort", framework.QueueSort.Name);
        Assert.True(framework.HasPostFilterPlugins);
        Assert.Equal(
            ["NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodePorts", "NodeResourcesFit", "PodTopologySpread", "InterPodAffinity"],
            framework.FilterPlugins);
        Assert.Equal(
            [("TaintToleration", 3), ("NodeAffinity", 2), ("NodeResourcesFit", 1), ("PodTopologySpread", 2), ("InterPodAffinity", 2), ("NodeResourcesBalancedAllocation", 1), ("ImageLocality", 1)],
            framework.ScorePlugins);
    }

    [Fact]
    public void A_Profile_Can_Disable_And_Reweight_Score_Plugins()
    {
        var framework = Create(new SchedulerProfile
        {
            Plugins = new Dictionary<string, PluginSet>
            {
                [ExtensionPoints.Score] = new([new PluginRef("ImageLocality", 7)], ["NodeResourcesBalancedAllocation", "TaintToleration"]),
            },
        });
        Assert.Equal(
            [("ImageLocality", 7), ("NodeAffinity", 2), ("NodeResourcesFit", 1), ("PodTopologySpread", 2), ("InterPodAffinity", 2)],
            framework.ScorePlugins);
    }

    [Fact]
    public void A_Plugin_Added_In_CSharp_Filters_And_Scores_With_Its_Weight()
    {
        var registry = PluginRegistry.InTree();
        registry.Add(OddNodes.PluginName, (args, handle) => new OddNodes(args?.GetProperty("bonus").GetInt64() ?? 0));
        var profile = new SchedulerProfile
        {
            Plugins = new Dictionary<string, PluginSet>
            {
                [ExtensionPoints.MultiPoint] = new([new PluginRef(OddNodes.PluginName, 3)], ["*"]),
                [ExtensionPoints.QueueSort] = new([new PluginRef("PrioritySort")], []),
                [ExtensionPoints.Bind] = new([new PluginRef("DefaultBinder")], []),
            },
            PluginConfig = new Dictionary<string, JsonElement> { [OddNodes.PluginName] = JsonSerializer.SerializeToElement(new { bonus = 10 }) },
        };
        var framework = Create(profile, registry);
        var nodes = new[] { new NodeInfo(Node("n1")), new NodeInfo(Node("n2")), new NodeInfo(Node("n3")) };
        var pod = new PodInfo(Pod("p"));
        var state = new CycleState();

        Assert.Equal(["n1", "n3"], nodes.Where(node => framework.RunFilterPlugins(state, pod, node).IsSuccess).Select(node => node.Name));
        var rejected = framework.RunFilterPlugins(state, pod, nodes[1]);
        Assert.Equal((Code.Unschedulable, "node(s) were even", OddNodes.PluginName), (rejected.Code, rejected.Message, rejected.Plugin));
        var (totals, status) = framework.RunScorePlugins(state, pod, [nodes[0], nodes[2]]);
        Assert.True(status.IsSuccess);
        Assert.Equal([3 * 11, 3 * 13], totals);
    }

    [Fact]
    public void Unknown_Plugins_And_Duplicate_Registrations_Are_Refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Create(new SchedulerProfile
        {
            SchedulerName = "custom",
            Plugins = new Dictionary<string, PluginSet> { [ExtensionPoints.Filter] = new([new PluginRef("NoSuchPlugin")], []) },
        }));
        Assert.Equal("profile \"custom\": no plugin named \"NoSuchPlugin\"", error.Message);

        var registry = PluginRegistry.InTree();
        Assert.Throws<ArgumentException>(() => registry.Add("NodeName", (_, _) => throw new InvalidOperationException()));
    }

    [Fact]
    public void Disabling_Every_Default_Leaves_No_Queue_Sort()
    {
        var error = Assert.Throws<ArgumentException>(() => Create(new SchedulerProfile
        {
            Plugins = new Dictionary<string, PluginSet> { [ExtensionPoints.MultiPoint] = new([], ["*"]) },
        }));
        Assert.Contains("exactly one queueSort plugin", error.Message, StringComparison.Ordinal);
    }

    private SchedulingFramework Create(SchedulerProfile profile, PluginRegistry? registry = null) =>
        SchedulingFramework.Create(profile, registry ?? PluginRegistry.InTree(), 2, _client, TimeProvider.System, new EmptyView());

    /// <summary>The example of docs/scheduler.md: nodes whose name ends in an odd digit fit, scored by that digit plus a bonus.</summary>
    private sealed class OddNodes(long bonus) : IFilterPlugin, IScorePlugin
    {
        public const string PluginName = "OddNodes";

        public string Name => PluginName;

        public Status Filter(CycleState state, PodInfo pod, NodeInfo nodeInfo) =>
            (nodeInfo.Name[^1] - '0') % 2 == 1 ? Status.Success : Status.Unschedulable("node(s) were even");

        public (long Score, Status Status) Score(CycleState state, PodInfo pod, NodeInfo nodeInfo) =>
            (nodeInfo.Name[^1] - '0' + bonus, Status.Success);
    }

    private sealed class EmptyView : IClusterView
    {
        public IReadOnlyDictionary<string, string>? NamespaceLabels(string name) => null;

        public LabelSelector DefaultSelector(PodInfo pod) => LabelSelector.Everything;

        public IReadOnlyList<PodInfo> NominatedPodsForNode(string nodeName) => [];
    }
}
