using System.Text.Json;
using k8s.Models;
using KubeSharp.Api.Selectors;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.PodTopologySpread;

/// <summary>
/// Pod topology spread: DoNotSchedule constraints filter nodes whose domain would exceed maxSkew;
/// ScheduleAnyway constraints score nodes with fewer matching pods higher. Pods without constraints
/// get the cluster defaults, selecting the pods of their Services and controllers. Filtering is in
/// PodTopologySpread.Filtering.cs, scoring in PodTopologySpread.Scoring.cs.
/// </summary>
public sealed partial class PodTopologySpread : IPreFilterPlugin, IPreFilterExtensions, IFilterPlugin, IPreScorePlugin, IScorePlugin, IScoreExtensions, IEnqueueExtensions
{
    public const string PluginName = "PodTopologySpread";

    private const string HostnameLabel = "kubernetes.io/hostname";
    private const string ZoneLabel = "topology.kubernetes.io/zone";
    private const string DoNotSchedule = "DoNotSchedule";
    private const string ScheduleAnyway = "ScheduleAnyway";

    private static readonly ClusterEvent[] Events =
    [
        // Bound pods appearing, going or changing labels change the counts (the queue reports bound pods as Pod events).
        new(EventResource.Pod, ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete),

        // Nodes change which domains exist and which nodes count (labels, taints under nodeTaintsPolicy Honor).
        new(EventResource.Node, ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint),
    ];

    private readonly IFrameworkHandle _handle;
    private readonly IReadOnlyList<V1TopologySpreadConstraint> _defaultConstraints;

    /// <summary>With the system defaults, nodes missing the zone label still count for hostname spreading.</summary>
    private readonly bool _systemDefaulted;

    private PodTopologySpread(PodTopologySpreadArgs args, IFrameworkHandle handle)
    {
        _handle = handle;
        _systemDefaulted = args.DefaultingType == PodTopologySpreadArgs.SystemDefaulting;
        _defaultConstraints = _systemDefaulted ? SystemDefaultConstraints() : [.. args.DefaultConstraints ?? []];
    }

    public string Name => PluginName;

    public IPreFilterExtensions? Extensions => this;

    public IScoreExtensions? ScoreExtensions => this;

    /// <exception cref="ArgumentException">The args are invalid.</exception>
    public static IPlugin New(JsonElement? args, IFrameworkHandle handle) => new PodTopologySpread(PodTopologySpreadArgs.Parse(args), handle);

    public IReadOnlyList<ClusterEvent> EventsToRegister() => Events;

    private ParallelOptions LoopOptions => new() { MaxDegreeOfParallelism = Math.Max(1, _handle.Parallelism) };

    private static V1TopologySpreadConstraint[] SystemDefaultConstraints() =>
    [
        new() { TopologyKey = HostnameLabel, WhenUnsatisfiable = ScheduleAnyway, MaxSkew = 3 },
        new() { TopologyKey = ZoneLabel, WhenUnsatisfiable = ScheduleAnyway, MaxSkew = 5 },
    ];

    /// <summary>The pod's constraints for one action, or the defaults when the pod has none at all.</summary>
    /// <remarks>Throws KubeSharp.Api.Errors.ApiException when a constraint's label selector is invalid.</remarks>
    private List<SpreadConstraint> GetConstraints(PodInfo pod, string whenUnsatisfiable)
    {
        if (pod.Pod.Spec?.TopologySpreadConstraints is { Count: > 0 } own)
        {
            return FilterConstraints(own, pod.Labels, whenUnsatisfiable);
        }

        var defaults = FilterConstraints(_defaultConstraints, pod.Labels, whenUnsatisfiable);
        if (defaults.Count == 0)
        {
            return defaults;
        }

        // Default constraints select what the pod's Services and controllers select; a pod that
        // nothing selects is not spread.
        var selector = _handle.DefaultSelector(pod);
        if (selector.IsEverything)
        {
            return [];
        }

        return [.. defaults.Select(constraint => constraint with { Selector = selector })];
    }

    private static List<SpreadConstraint> FilterConstraints(IEnumerable<V1TopologySpreadConstraint> constraints, IReadOnlyDictionary<string, string> podLabels, string whenUnsatisfiable)
    {
        var result = new List<SpreadConstraint>();
        foreach (var constraint in constraints)
        {
            if (constraint.WhenUnsatisfiable != whenUnsatisfiable)
            {
                continue;
            }

            result.Add(new SpreadConstraint(
                constraint.MaxSkew,
                constraint.TopologyKey,
                Selector(constraint, podLabels),
                constraint.MinDomains ?? 1,
                constraint.NodeAffinityPolicy is null or SpreadConstraint.Honor,
                constraint.NodeTaintsPolicy is SpreadConstraint.Honor));
        }

        return result;
    }

    /// <summary>The label selector ANDed with the pod's values of the matchLabelKeys it has; a missing selector matches nothing.</summary>
    private static LabelSelector Selector(V1TopologySpreadConstraint constraint, IReadOnlyDictionary<string, string> podLabels)
    {
        if (constraint.LabelSelector is not { } selector || constraint.MatchLabelKeys is not { Count: > 0 } keys)
        {
            return LabelSelector.FromModel(constraint.LabelSelector);
        }

        var expressions = new List<V1LabelSelectorRequirement>(selector.MatchExpressions ?? []);
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            if (podLabels.TryGetValue(key, out var value))
            {
                expressions.Add(new V1LabelSelectorRequirement { Key = key, OperatorProperty = "In", Values = [value] });
            }
        }

        return LabelSelector.FromModel(new V1LabelSelector { MatchLabels = selector.MatchLabels, MatchExpressions = expressions });
    }

    /// <summary>Whether the node has every constraint's topology key.</summary>
    private static bool HasAllTopologyKeys(IReadOnlyDictionary<string, string> nodeLabels, IReadOnlyList<SpreadConstraint> constraints)
    {
        // Indexed, not foreach: an interface enumerator per node per cycle adds up.
        for (var i = 0; i < constraints.Count; i++)
        {
            if (!nodeLabels.ContainsKey(constraints[i].TopologyKey))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Pods of the namespace the selector matches, not counting terminating ones; an empty selector counts none.</summary>
    private static int CountMatchingPods(PodInfoList pods, LabelSelector selector, string ns)
    {
        if (selector.IsEverything)
        {
            return 0;
        }

        var count = 0;
        foreach (var pod in pods)
        {
            if (pod.Pod.Metadata.DeletionTimestamp is null && pod.Namespace == ns && selector.Matches(pod.Labels))
            {
                count++;
            }
        }

        return count;
    }
}
