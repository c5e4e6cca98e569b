using KubeSharp.Api.Errors;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.NodeAffinity;

namespace KubeSharp.Scheduler.Plugins.PodTopologySpread;

public sealed partial class PodTopologySpread
{
    public const string ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
    public const string ErrReasonNodeLabelNotMatch = ErrReasonConstraintsNotMatch + " (missing required label)";

    private const string PreFilterStateKey = "PreFilter" + PluginName;

    public (PreFilterResult? Result, Status Status) PreFilter(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        List<SpreadConstraint> constraints;
        try
        {
            constraints = GetConstraints(pod, DoNotSchedule);
        }
        catch (ApiException error)
        {
            return (null, Status.Error($"get constraints from pod: {error.Message}"));
        }

        if (constraints.Count == 0)
        {
            return (null, Status.Skip);
        }

        // Matching pods per domain, per constraint: counted per worker thread, merged at the end.
        var required = RequiredNodeAffinity.For(pod.Pod);
        var matchNums = NewCounts(constraints.Count);
        Parallel.For(
            0,
            nodes.Count,
            LoopOptions,
            () => NewCounts(constraints.Count),
            (n, _, local) =>
            {
                var nodeInfo = nodes[n];
                if (nodeInfo.Node is not { } node || !HasAllTopologyKeys(nodeInfo.Labels, constraints))
                {
                    return local;
                }

                for (var i = 0; i < constraints.Count; i++)
                {
                    var constraint = constraints[i];
                    if (constraint.IncludesNode(pod, required, node))
                    {
                        // A domain with no matching pod is still a domain (it counts for minDomains and the minimum).
                        var value = nodeInfo.Labels[constraint.TopologyKey];
                        local[i][value] = local[i].GetValueOrDefault(value) + CountMatchingPods(nodeInfo.Pods, constraint.Selector, pod.Namespace);
                    }
                }

                return local;
            },
            local =>
            {
                lock (matchNums)
                {
                    for (var i = 0; i < local.Length; i++)
                    {
                        foreach (var (value, count) in local[i])
                        {
                            matchNums[i][value] = matchNums[i].GetValueOrDefault(value) + count;
                        }
                    }
                }
            });

        var paths = new CriticalPaths[constraints.Count];
        for (var i = 0; i < paths.Length; i++)
        {
            paths[i] = new CriticalPaths();
            foreach (var (value, count) in matchNums[i])
            {
                paths[i].Update(value, count);
            }
        }

        state.Write(PreFilterStateKey, new PreFilterState(constraints, paths, matchNums));
        return (null, Status.Success);
    }

    private static Dictionary<string, int>[] NewCounts(int constraints)
    {
        var counts = new Dictionary<string, int>[constraints];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        return counts;
    }

    public Status AddPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo) =>
        UpdateWithPod(state, podToAdd, podToSchedule, nodeInfo, +1);

    public Status RemovePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo) =>
        UpdateWithPod(state, podToRemove, podToSchedule, nodeInfo, -1);

    /// <summary>For each constraint: matching pods in the node's domain, plus the pod if it matches, minus the global minimum, at most maxSkew.</summary>
    public Status Filter(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        if (nodeInfo.Node is null)
        {
            return Status.Error("node not found");
        }

        if (state.Read<PreFilterState>(PreFilterStateKey) is not { } s)
        {
            return Status.Error($"reading \"{PreFilterStateKey}\" from cycleState: not found");
        }

        for (var i = 0; i < s.Constraints.Count; i++)
        {
            var constraint = s.Constraints[i];
            if (!nodeInfo.Labels.TryGetValue(constraint.TopologyKey, out var value))
            {
                // Preemption cannot add a label to the node.
                return Status.Unresolvable(ErrReasonNodeLabelNotMatch);
            }

            var selfMatch = constraint.Selector.Matches(pod.Labels) ? 1 : 0;
            var skew = (long)s.MatchNums[i].GetValueOrDefault(value) + selfMatch - s.MinMatchNum(i, constraint.MinDomains);
            if (skew > constraint.MaxSkew)
            {
                return Status.Unschedulable(ErrReasonConstraintsNotMatch);
            }
        }

        return Status.Success;
    }

    /// <summary>Keeps the counts in step with a pod preemption adds to or removes from a node (on a cloned state).</summary>
    private static Status UpdateWithPod(CycleState state, PodInfo updated, PodInfo preemptor, NodeInfo nodeInfo, int delta)
    {
        if (state.Read<PreFilterState>(PreFilterStateKey) is not { } s)
        {
            // PreFilter said Skip: there are no counts to keep in step.
            return Status.Success;
        }

        if (updated.Namespace != preemptor.Namespace || nodeInfo.Node is not { } node || !HasAllTopologyKeys(nodeInfo.Labels, s.Constraints))
        {
            return Status.Success;
        }

        var required = RequiredNodeAffinity.For(preemptor.Pod);
        for (var i = 0; i < s.Constraints.Count; i++)
        {
            var constraint = s.Constraints[i];
            if (!constraint.Selector.Matches(updated.Labels) || !constraint.IncludesNode(preemptor, required, node))
            {
                continue;
            }

            var value = nodeInfo.Labels[constraint.TopologyKey];
            var count = s.MatchNums[i].GetValueOrDefault(value) + delta;
            s.MatchNums[i][value] = count;
            s.Paths[i].Update(value, count);
        }

        return Status.Success;
    }
}
