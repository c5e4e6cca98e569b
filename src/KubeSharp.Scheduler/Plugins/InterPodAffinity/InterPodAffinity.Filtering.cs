using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.InterPodAffinity;

public sealed partial class InterPodAffinity
{
    public const string ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";
    public const string ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
    public const string ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

    private const string PreFilterStateKey = "PreFilter" + PluginName;

    public (PreFilterResult? Result, Status Status) PreFilter(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        var namespaceLabels = NamespaceLabelsOf(pod.Namespace);
        var existingAntiAffinityCounts = ExistingAntiAffinityCounts(pod, namespaceLabels, _handle.Snapshot.HavePodsWithRequiredAntiAffinity);
        if (existingAntiAffinityCounts.Count == 0 && pod.RequiredAffinityTerms.Count == 0 && pod.RequiredAntiAffinityTerms.Count == 0)
        {
            return (null, Status.Skip);
        }

        var (affinityCounts, antiAffinityCounts) = IncomingAffinityCounts(pod, nodes);
        state.Write(PreFilterStateKey, new PreFilterState(pod, namespaceLabels, existingAntiAffinityCounts, affinityCounts, antiAffinityCounts));
        return (null, Status.Success);
    }

    public Status AddPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo) =>
        UpdateWithPod(state, podToAdd, nodeInfo, +1);

    public Status RemovePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo) =>
        UpdateWithPod(state, podToRemove, nodeInfo, -1);

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

        if (!SatisfiesPodAffinity(s, nodeInfo))
        {
            // Preempting pods cannot create a pod to be near, so the node is out for good.
            return Status.Unresolvable(ErrReasonAffinityRulesNotMatch);
        }

        if (!SatisfiesPodAntiAffinity(s, nodeInfo))
        {
            return Status.Unschedulable(ErrReasonAntiAffinityRulesNotMatch);
        }

        if (!SatisfiesExistingPodsAntiAffinity(s, nodeInfo))
        {
            return Status.Unschedulable(ErrReasonExistingAntiAffinityRulesNotMatch);
        }

        return Status.Success;
    }

    /// <summary>Domains where a pod already running has a required anti-affinity term that selects the incoming pod.</summary>
    private TopologyCounts ExistingAntiAffinityCounts(PodInfo pod, IReadOnlyDictionary<string, string> namespaceLabels, IReadOnlyList<NodeInfo> nodes)
    {
        var result = new TopologyCounts();

        // One set of counts per worker thread, merged at the end: no allocation or lock per node.
        Parallel.For(
            0,
            nodes.Count,
            LoopOptions,
            () => new TopologyCounts(),
            (i, _, counts) =>
            {
                var nodeInfo = nodes[i];
                if (nodeInfo.Node is null)
                {
                    return counts;
                }

                foreach (var existing in nodeInfo.PodsWithRequiredAntiAffinity)
                {
                    for (var termIndex = 0; termIndex < existing.RequiredAntiAffinityTerms.Count; termIndex++)
                    {
                        var term = existing.RequiredAntiAffinityTerms[termIndex];
                        if (term.Matches(pod, namespaceLabels))
                        {
                            counts.Update(nodeInfo.Labels, term.TopologyKey, 1);
                        }
                    }
                }

                return counts;
            },
            counts =>
            {
                lock (result)
                {
                    result.Merge(counts);
                }
            });
        return result;
    }

    /// <summary>Domains holding pods that match the incoming pod's required affinity (all terms) and anti-affinity (each term).</summary>
    private (TopologyCounts Affinity, TopologyCounts AntiAffinity) IncomingAffinityCounts(PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        var affinity = new TopologyCounts();
        var antiAffinity = new TopologyCounts();
        if (pod.RequiredAffinityTerms.Count == 0 && pod.RequiredAntiAffinityTerms.Count == 0)
        {
            return (affinity, antiAffinity);
        }

        Parallel.For(
            0,
            nodes.Count,
            LoopOptions,
            () => (Affinity: new TopologyCounts(), AntiAffinity: new TopologyCounts()),
            (i, _, local) =>
            {
                var nodeInfo = nodes[i];
                if (nodeInfo.Node is null)
                {
                    return local;
                }

                foreach (var existing in nodeInfo.Pods)
                {
                    CountAffinity(local.Affinity, pod.RequiredAffinityTerms, existing, nodeInfo.Labels, 1);
                    CountAntiAffinity(local.AntiAffinity, pod.RequiredAntiAffinityTerms, existing, nodeInfo.Labels, 1);
                }

                return local;
            },
            local =>
            {
                lock (affinity)
                {
                    affinity.Merge(local.Affinity);
                    antiAffinity.Merge(local.AntiAffinity);
                }
            });
        return (affinity, antiAffinity);
    }

    /// <summary>Keeps the counts in step with a pod preemption adds to or removes from a node (on a cloned state).</summary>
    private Status UpdateWithPod(CycleState state, PodInfo updated, NodeInfo nodeInfo, long delta)
    {
        if (state.Read<PreFilterState>(PreFilterStateKey) is not { } s)
        {
            // PreFilter said Skip: there are no counts to keep in step.
            return Status.Success;
        }

        var labels = nodeInfo.Labels;
        for (var termIndex = 0; termIndex < updated.RequiredAntiAffinityTerms.Count; termIndex++)
        {
            var term = updated.RequiredAntiAffinityTerms[termIndex];
            if (term.Matches(s.Pod, s.NamespaceLabels))
            {
                s.ExistingAntiAffinityCounts.Update(labels, term.TopologyKey, delta);
            }
        }

        CountAffinity(s.AffinityCounts, s.Pod.RequiredAffinityTerms, updated, labels, delta);
        CountAntiAffinity(s.AntiAffinityCounts, s.Pod.RequiredAntiAffinityTerms, updated, labels, delta);
        return Status.Success;
    }

    private void CountAffinity(TopologyCounts counts, IReadOnlyList<AffinityTerm> terms, PodInfo existing, IReadOnlyDictionary<string, string> nodeLabels, long delta)
    {
        if (!MatchesAllIncomingTerms(terms, existing))
        {
            return;
        }

        for (var termIndex = 0; termIndex < terms.Count; termIndex++)
        {
            var term = terms[termIndex];
            counts.Update(nodeLabels, term.TopologyKey, delta);
        }
    }

    private void CountAntiAffinity(TopologyCounts counts, IReadOnlyList<AffinityTerm> terms, PodInfo existing, IReadOnlyDictionary<string, string> nodeLabels, long delta)
    {
        for (var termIndex = 0; termIndex < terms.Count; termIndex++)
        {
            var term = terms[termIndex];
            if (IncomingTermMatches(term, existing))
            {
                counts.Update(nodeLabels, term.TopologyKey, delta);
            }
        }
    }

    /// <summary>Every topology key of the required terms must be on the node, and its domain must hold a matching pod.</summary>
    private bool SatisfiesPodAffinity(PreFilterState s, NodeInfo nodeInfo)
    {
        var podsExist = true;
        for (var termIndex = 0; termIndex < s.Pod.RequiredAffinityTerms.Count; termIndex++)
        {
            var term = s.Pod.RequiredAffinityTerms[termIndex];
            if (!nodeInfo.Labels.TryGetValue(term.TopologyKey, out var value))
            {
                return false;
            }

            if (s.AffinityCounts[new TopologyPair(term.TopologyKey, value)] <= 0)
            {
                podsExist = false;
            }
        }

        // The first pod of a group with affinity to itself would otherwise wait forever: it may go
        // anywhere with the topology labels when no pod matches anywhere and it matches its own terms.
        return podsExist || (s.AffinityCounts.Count == 0 && MatchesAllIncomingTerms(s.Pod.RequiredAffinityTerms, s.Pod));
    }

    private static bool SatisfiesPodAntiAffinity(PreFilterState s, NodeInfo nodeInfo)
    {
        if (s.AntiAffinityCounts.Count == 0)
        {
            return true;
        }

        for (var termIndex = 0; termIndex < s.Pod.RequiredAntiAffinityTerms.Count; termIndex++)
        {
            var term = s.Pod.RequiredAntiAffinityTerms[termIndex];
            if (nodeInfo.Labels.TryGetValue(term.TopologyKey, out var value) && s.AntiAffinityCounts[new TopologyPair(term.TopologyKey, value)] > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>No domain the node is in may hold a pod whose required anti-affinity selects the incoming pod.</summary>
    private static bool SatisfiesExistingPodsAntiAffinity(PreFilterState s, NodeInfo nodeInfo)
    {
        if (s.ExistingAntiAffinityCounts.Count == 0)
        {
            return true;
        }

        foreach (var (key, value) in nodeInfo.Labels)
        {
            if (s.ExistingAntiAffinityCounts[new TopologyPair(key, value)] > 0)
            {
                return false;
            }
        }

        return true;
    }
}
