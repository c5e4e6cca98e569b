using System.Text.Json;
using k8s.Models;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.Helper;
using static KubeSharp.Scheduler.Plugins.Helper.NormalizeScore;

namespace KubeSharp.Scheduler.Plugins.TaintToleration;

/// <summary>
/// Keeps pods off nodes with NoSchedule or NoExecute taints they do not tolerate, and prefers nodes
/// with fewer untolerated PreferNoSchedule taints, as upstream's TaintToleration.
/// </summary>
public sealed class TaintToleration : IFilterPlugin, IPreScorePlugin, IScorePlugin, IScoreExtensions, IEnqueueExtensions
{
    public const string PluginName = "TaintToleration";

    private const string PreScoreStateKey = "PreScore" + PluginName;

    private static readonly ClusterEvent[] Events =
    [
        new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeTaint | ActionType.UpdateNodeLabel),
    ];

    public string Name => PluginName;

    public IScoreExtensions? ScoreExtensions => this;

    public static IPlugin New(JsonElement? args, IFrameworkHandle handle) => new TaintToleration();

    public Status Filter(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var node = nodeInfo.Node;
        if (node is null)
        {
            return Status.Error("node not found");
        }

        var taint = Tolerations.FindUntoleratedTaint(node.Spec?.Taints, pod.Pod.Spec?.Tolerations, Tolerations.DoNotSchedule);
        return taint is null
            ? Status.Success
            : Status.Unresolvable($"node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}");
    }

    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        state.Write(PreScoreStateKey, new PreScoreState(PreferNoScheduleTolerations(pod)));
        return Status.Success;
    }

    /// <summary>The number of PreferNoSchedule taints the pod does not tolerate; normalizing reverses it.</summary>
    public (long Score, Status Status) Score(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var node = nodeInfo.Node;
        if (node is null)
        {
            return (0, Status.Error("node not found"));
        }

        var tolerations = state.Read<PreScoreState>(PreScoreStateKey)?.Tolerations ?? PreferNoScheduleTolerations(pod);
        long count = 0;
        foreach (var taint in node.Spec?.Taints ?? [])
        {
            if (taint.Effect == Tolerations.PreferNoSchedule && !Tolerations.TolerateTaint(tolerations, taint))
            {
                count++;
            }
        }

        return (count, Status.Success);
    }

    public Status NormalizeScore(CycleState state, PodInfo pod, NodeScore[] scores) =>
        DefaultNormalizeScore(Scores.MaxNodeScore, reverse: true, scores);

    public IReadOnlyList<ClusterEvent> EventsToRegister() => Events;

    /// <summary>Tolerations with effect PreferNoSchedule or none (an empty effect matches all effects).</summary>
    private static List<V1Toleration> PreferNoScheduleTolerations(PodInfo pod) =>
        [.. (pod.Pod.Spec?.Tolerations ?? []).Where(toleration => string.IsNullOrEmpty(toleration.Effect) || toleration.Effect == Tolerations.PreferNoSchedule)];

    private sealed class PreScoreState(List<V1Toleration> tolerations) : ICloneableState
    {
        public List<V1Toleration> Tolerations { get; } = tolerations;

        public ICloneableState Clone() => this;
    }
}
