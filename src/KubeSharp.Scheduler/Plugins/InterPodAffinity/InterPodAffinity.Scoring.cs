using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.InterPodAffinity;

public sealed partial class InterPodAffinity
{
    private const string PreScoreStateKey = "PreScore" + PluginName;

    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        var hasPreferredTerms = pod.PreferredAffinityTerms.Count > 0 || pod.PreferredAntiAffinityTerms.Count > 0;
        if (_args.IgnorePreferredTermsOfExistingPods && !hasPreferredTerms)
        {
            return Status.Skip;
        }

        // Without preferred terms of its own, only existing pods with affinity can change the score.
        var snapshot = _handle.Snapshot;
        IReadOnlyList<NodeInfo> candidates = hasPreferredTerms ? snapshot.NodeInfos : snapshot.HavePodsWithAffinity;
        var namespaceLabels = NamespaceLabelsOf(pod.Namespace);
        var scores = new TopologyScores();
        Parallel.For(
            0,
            candidates.Count,
            LoopOptions,
            () => new TopologyScores(),
            (i, _, local) =>
            {
                var nodeInfo = candidates[i];
                foreach (var existing in hasPreferredTerms ? nodeInfo.Pods : nodeInfo.PodsWithAffinity)
                {
                    ScoreExistingPod(local, pod, namespaceLabels, existing, nodeInfo.Labels);
                }

                return local;
            },
            local =>
            {
                lock (scores)
                {
                    scores.Merge(local);
                }
            });
        var any = scores.Count > 0;

        if (!any)
        {
            return Status.Skip;
        }

        state.Write(PreScoreStateKey, new PreScoreState(scores));
        return Status.Success;
    }

    /// <summary>The sum of the weights of the node's domains; positive for affinity, negative for anti-affinity.</summary>
    public (long Score, Status Status) Score(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        if (state.Read<PreScoreState>(PreScoreStateKey) is not { } s)
        {
            return (0, Status.Error($"reading \"{PreScoreStateKey}\" from cycleState: not found"));
        }

        return (s.Scores.ScoreOf(nodeInfo.Labels), Status.Success);
    }

    /// <summary>Min-max scaling to 0-100: the lowest sum gets 0 and the highest 100 (all 0 when equal).</summary>
    public Status NormalizeScore(CycleState state, PodInfo pod, NodeScore[] scores)
    {
        if (state.Read<PreScoreState>(PreScoreStateKey) is not { } s)
        {
            return Status.Error($"reading \"{PreScoreStateKey}\" from cycleState: not found");
        }

        if (s.Scores.Count == 0 || scores.Length == 0)
        {
            return Status.Success;
        }

        var min = long.MaxValue;
        var max = long.MinValue;
        foreach (var score in scores)
        {
            min = Math.Min(min, score.Score);
            max = Math.Max(max, score.Score);
        }

        var range = max - min;
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i].Score = range > 0 ? (long)(Scores.MaxNodeScore * ((double)(scores[i].Score - min) / range)) : 0;
        }

        return Status.Success;
    }

    private void ScoreExistingPod(TopologyScores scores, PodInfo pod, IReadOnlyDictionary<string, string> namespaceLabels, PodInfo existing, IReadOnlyDictionary<string, string> nodeLabels)
    {
        if (nodeLabels.Count == 0)
        {
            return;
        }

        // The incoming pod's preferences: towards (or away from) domains of pods its terms select.
        for (var weightedIndex = 0; weightedIndex < pod.PreferredAffinityTerms.Count; weightedIndex++)
        {
            var weighted = pod.PreferredAffinityTerms[weightedIndex];
            if (IncomingTermMatches(weighted.Term, existing))
            {
                scores.Add(nodeLabels, weighted.Term.TopologyKey, weighted.Weight);
            }
        }

        for (var weightedIndex = 0; weightedIndex < pod.PreferredAntiAffinityTerms.Count; weightedIndex++)
        {
            var weighted = pod.PreferredAntiAffinityTerms[weightedIndex];
            if (IncomingTermMatches(weighted.Term, existing))
            {
                scores.Add(nodeLabels, weighted.Term.TopologyKey, -weighted.Weight);
            }
        }

        // Symmetry: existing pods' terms that select the incoming pod count for their domains too,
        // required affinity with the configured weight.
        if (_args.HardPodAffinityWeight > 0)
        {
            for (var termIndex = 0; termIndex < existing.RequiredAffinityTerms.Count; termIndex++)
            {
                var term = existing.RequiredAffinityTerms[termIndex];
                if (term.Matches(pod, namespaceLabels))
                {
                    scores.Add(nodeLabels, term.TopologyKey, _args.HardPodAffinityWeight);
                }
            }
        }

        for (var weightedIndex = 0; weightedIndex < existing.PreferredAffinityTerms.Count; weightedIndex++)
        {
            var weighted = existing.PreferredAffinityTerms[weightedIndex];
            if (weighted.Term.Matches(pod, namespaceLabels))
            {
                scores.Add(nodeLabels, weighted.Term.TopologyKey, weighted.Weight);
            }
        }

        for (var weightedIndex = 0; weightedIndex < existing.PreferredAntiAffinityTerms.Count; weightedIndex++)
        {
            var weighted = existing.PreferredAntiAffinityTerms[weightedIndex];
            if (weighted.Term.Matches(pod, namespaceLabels))
            {
                scores.Add(nodeLabels, weighted.Term.TopologyKey, -weighted.Weight);
            }
        }
    }
}
