using System.Text.Json;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.Helper;
using static KubeSharp.Scheduler.Plugins.Helper.NormalizeScore;

namespace KubeSharp.Scheduler.Plugins.NodeAffinity;

/// <summary>
/// Filters nodes by the pod's spec.nodeSelector and required node affinity (plus the profile's added
/// affinity), and scores them by the weights of the preferred terms they match, as upstream's
/// NodeAffinity.
/// </summary>
public sealed class NodeAffinity : IPreFilterPlugin, IFilterPlugin, IPreScorePlugin, IScorePlugin, IScoreExtensions, IEnqueueExtensions
{
    public const string PluginName = "NodeAffinity";

    public const string ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";

    public const string ErrReasonEnforced = "node(s) didn't match scheduler-enforced node affinity";

    public const string ErrReasonConflict = "pod affinity terms conflict";

    private const string PreFilterStateKey = "PreFilter" + PluginName;
    private const string PreScoreStateKey = "PreScore" + PluginName;
    private const string PreferredPath = "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution";

    // Taint updates cannot change this plugin's verdict; upstream registers them with every
    // node-add registration all the same.
    private static readonly ClusterEvent[] Events =
    [
        new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint),
    ];

    private readonly RequiredNodeSelector? _addedNodeSelector;
    private readonly PreferredSchedulingTerms? _addedPreferredTerms;

    private NodeAffinity(RequiredNodeSelector? addedNodeSelector, PreferredSchedulingTerms? addedPreferredTerms)
    {
        _addedNodeSelector = addedNodeSelector;
        _addedPreferredTerms = addedPreferredTerms;
    }

    public string Name => PluginName;

    public IScoreExtensions? ScoreExtensions => this;

    /// <exception cref="ArgumentException">The args are malformed or the added affinity is invalid.</exception>
    public static IPlugin New(JsonElement? args, IFrameworkHandle handle)
    {
        var added = PluginArgs.Parse<NodeAffinityArgs>(args, PluginName).AddedAffinity;
        var errors = new List<string>();
        RequiredNodeSelector? required = null;
        if (added?.RequiredDuringSchedulingIgnoredDuringExecution is { } selector)
        {
            required = new RequiredNodeSelector(selector, "addedAffinity.requiredDuringSchedulingIgnoredDuringExecution");
            errors.AddRange(required.Errors);
        }

        PreferredSchedulingTerms? preferred = null;
        if (added?.PreferredDuringSchedulingIgnoredDuringExecution is { Count: > 0 } terms)
        {
            preferred = new PreferredSchedulingTerms(terms, "addedAffinity.preferredDuringSchedulingIgnoredDuringExecution");
            errors.AddRange(preferred.Errors);
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException($"{PluginName} args: {string.Join("; ", errors)}");
        }

        return new NodeAffinity(required, preferred);
    }

    /// <summary>
    /// Precomputes the pod's requirements; when every required term pins metadata.name with In, only
    /// those nodes are worth filtering.
    /// </summary>
    public (PreFilterResult? Result, Status Status) PreFilter(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        var spec = pod.Pod.Spec;
        var required = spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        if (required is null && _addedNodeSelector is null && spec?.NodeSelector is null)
        {
            return (null, Status.Skip);
        }

        state.Write(PreFilterStateKey, new PreFilterState(RequiredNodeAffinity.For(pod.Pod)));
        var terms = required?.NodeSelectorTerms;
        if (terms is null || terms.Count == 0)
        {
            return (null, Status.Success);
        }

        HashSet<string>? nodeNames = null;
        foreach (var term in terms)
        {
            HashSet<string>? termNames = null;
            foreach (var requirement in term?.MatchFields ?? [])
            {
                if (requirement.Key == NodeSelectorTermMatcher.NodeNameField && requirement.OperatorProperty == "In")
                {
                    // Requirements of a term are ANDed: intersect.
                    var values = new HashSet<string>(requirement.Values ?? [], StringComparer.Ordinal);
                    if (termNames is null)
                    {
                        termNames = values;
                    }
                    else
                    {
                        termNames.IntersectWith(values);
                    }
                }
            }

            if (termNames is null)
            {
                // Terms are ORed, and this one may match any node.
                return (null, Status.Success);
            }

            nodeNames ??= new HashSet<string>(StringComparer.Ordinal);
            nodeNames.UnionWith(termNames);
        }

        if (nodeNames is null)
        {
            return (null, Status.Success);
        }

        if (nodeNames.Count == 0)
        {
            return (null, Status.Unresolvable(ErrReasonConflict));
        }

        return (new PreFilterResult(nodeNames), Status.Success);
    }

    public Status Filter(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var node = nodeInfo.Node;
        if (node is null)
        {
            return Status.Error("node not found");
        }

        if (_addedNodeSelector is not null && !_addedNodeSelector.Matches(node))
        {
            return Status.Unresolvable(ErrReasonEnforced);
        }

        // Invalid terms just do not match, as upstream ignores parse errors here.
        var required = state.Read<PreFilterState>(PreFilterStateKey)?.Required ?? RequiredNodeAffinity.For(pod.Pod);
        return required.Matches(node) ? Status.Success : Status.Unresolvable(ErrReasonPod);
    }

    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        var preferred = PodPreferredTerms(pod);
        if (preferred is { Errors.Count: > 0 })
        {
            return Status.Error(string.Join("; ", preferred.Errors));
        }

        if (preferred is null && _addedPreferredTerms is null)
        {
            return Status.Skip;
        }

        state.Write(PreScoreStateKey, new PreScoreState(preferred));
        return Status.Success;
    }

    /// <summary>The sum of the weights of the preferred terms (the pod's and the added ones) the node matches.</summary>
    public (long Score, Status Status) Score(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var node = nodeInfo.Node;
        if (node is null)
        {
            return (0, Status.Error("node not found"));
        }

        PreferredSchedulingTerms? preferred;
        if (state.Read<PreScoreState>(PreScoreStateKey) is { } precomputed)
        {
            preferred = precomputed.Preferred;
        }
        else
        {
            preferred = PodPreferredTerms(pod);
            if (preferred is { Errors.Count: > 0 })
            {
                return (0, Status.Error(string.Join("; ", preferred.Errors)));
            }
        }

        var score = (_addedPreferredTerms?.Score(node) ?? 0) + (preferred?.Score(node) ?? 0);
        return (score, Status.Success);
    }

    public Status NormalizeScore(CycleState state, PodInfo pod, NodeScore[] scores) =>
        DefaultNormalizeScore(Scores.MaxNodeScore, reverse: false, scores);

    public IReadOnlyList<ClusterEvent> EventsToRegister() => Events;

    private static PreferredSchedulingTerms? PodPreferredTerms(PodInfo pod) =>
        pod.Pod.Spec?.Affinity?.NodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution is { } terms
            ? new PreferredSchedulingTerms(terms, PreferredPath)
            : null;

    private sealed class PreFilterState(RequiredNodeAffinity required) : ICloneableState
    {
        public RequiredNodeAffinity Required { get; } = required;

        public ICloneableState Clone() => this;
    }

    private sealed class PreScoreState(PreferredSchedulingTerms? preferred) : ICloneableState
    {
        public PreferredSchedulingTerms? Preferred { get; } = preferred;

        public ICloneableState Clone() => this;
    }
}
