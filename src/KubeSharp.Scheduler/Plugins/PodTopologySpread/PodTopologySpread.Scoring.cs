using System.Runtime.CompilerServices;
using KubeSharp.Api.Errors;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.NodeAffinity;

namespace KubeSharp.Scheduler.Plugins.PodTopologySpread;

public sealed partial class PodTopologySpread
{
    private const string PreScoreStateKey = "PreScore" + PluginName;

    /// <summary>Marks nodes left out of scoring while normalizing.</summary>
    private const long InvalidScore = -1;

    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        var allNodes = _handle.Snapshot.NodeInfos;
        if (allNodes.Count == 0)
        {
            return Status.Skip;
        }

        List<SpreadConstraint> constraints;
        try
        {
            constraints = GetConstraints(pod, ScheduleAnyway);
        }
        catch (ApiException error)
        {
            return Status.Error($"calculating preScoreState: {error.Message}");
        }

        if (constraints.Count == 0)
        {
            return Status.Skip;
        }

        // Only the pod's own or listed default constraints need every topology key on a node:
        // with the system defaults a node without a zone label is still spread by hostname.
        var requireAllTopologies = pod.Pod.Spec?.TopologySpreadConstraints is { Count: > 0 } || !_systemDefaulted;
        var ignoredNodes = new HashSet<string>(StringComparer.Ordinal);
        var podCounts = new Dictionary<string, StrongBox<long>>[constraints.Count];
        for (var i = 0; i < podCounts.Length; i++)
        {
            podCounts[i] = new Dictionary<string, StrongBox<long>>(StringComparer.Ordinal);
        }

        // The domains of the feasible nodes; a node missing a label is in the "" domain when not all are required.
        foreach (var nodeInfo in nodes)
        {
            if (requireAllTopologies && !HasAllTopologyKeys(nodeInfo.Labels, constraints))
            {
                ignoredNodes.Add(nodeInfo.Name);
                continue;
            }

            for (var i = 0; i < constraints.Count; i++)
            {
                var key = constraints[i].TopologyKey;
                if (key != HostnameLabel)
                {
                    podCounts[i].TryAdd(nodeInfo.Labels.GetValueOrDefault(key, string.Empty), new StrongBox<long>());
                }
            }
        }

        var weights = new double[constraints.Count];
        for (var i = 0; i < weights.Length; i++)
        {
            var size = constraints[i].TopologyKey == HostnameLabel ? nodes.Count - ignoredNodes.Count : podCounts[i].Count;
            weights[i] = TopologyNormalizingWeight(size);
        }

        // Matching pods on every node of the cluster count towards the feasible nodes' domains.
        var required = RequiredNodeAffinity.For(pod.Pod);
        Parallel.For(0, allNodes.Count, LoopOptions, n =>
        {
            var nodeInfo = allNodes[n];
            if (nodeInfo.Node is not { } node || (requireAllTopologies && !HasAllTopologyKeys(nodeInfo.Labels, constraints)))
            {
                return;
            }

            for (var i = 0; i < constraints.Count; i++)
            {
                var constraint = constraints[i];
                if (!constraint.IncludesNode(pod, required, node)
                    || !podCounts[i].TryGetValue(nodeInfo.Labels.GetValueOrDefault(constraint.TopologyKey, string.Empty), out var count))
                {
                    continue;
                }

                Interlocked.Add(ref count.Value, CountMatchingPods(nodeInfo.Pods, constraint.Selector, pod.Namespace));
            }
        });

        state.Write(PreScoreStateKey, new PreScoreState(constraints, ignoredNodes, podCounts, weights));
        return Status.Success;
    }

    /// <summary>The weighted matching pods of the node's domains; fewer is better, so normalizing inverts it.</summary>
    public (long Score, Status Status) Score(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        if (state.Read<PreScoreState>(PreScoreStateKey) is not { } s)
        {
            return (0, Status.Error($"reading \"{PreScoreStateKey}\" from cycleState: not found"));
        }

        if (s.IgnoredNodes.Contains(nodeInfo.Name))
        {
            return (0, Status.Success);
        }

        double score = 0;
        for (var i = 0; i < s.Constraints.Count; i++)
        {
            var constraint = s.Constraints[i];
            if (!nodeInfo.Labels.TryGetValue(constraint.TopologyKey, out var value))
            {
                continue;
            }

            var count = constraint.TopologyKey == HostnameLabel
                ? CountMatchingPods(nodeInfo.Pods, constraint.Selector, pod.Namespace)
                : s.PodCounts[i].TryGetValue(value, out var box) ? box.Value : 0;

            // maxSkew-1 waters the differences down: the larger the allowed skew, the less they matter.
            score += (count * s.Weights[i]) + (constraint.MaxSkew - 1);
        }

        // Go's math.Round rounds halves away from zero.
        return ((long)Math.Round(score, MidpointRounding.AwayFromZero), Status.Success);
    }

    /// <summary>The node with the fewest matching pods gets 100; ignored nodes get 0.</summary>
    public Status NormalizeScore(CycleState state, PodInfo pod, NodeScore[] scores)
    {
        if (state.Read<PreScoreState>(PreScoreStateKey) is not { } s)
        {
            return Status.Error($"reading \"{PreScoreStateKey}\" from cycleState: not found");
        }

        var min = long.MaxValue;
        long max = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (s.IgnoredNodes.Contains(scores[i].Name))
            {
                scores[i].Score = InvalidScore;
                continue;
            }

            min = Math.Min(min, scores[i].Score);
            max = Math.Max(max, scores[i].Score);
        }

        for (var i = 0; i < scores.Length; i++)
        {
            if (scores[i].Score == InvalidScore)
            {
                scores[i].Score = 0;
            }
            else if (max == 0)
            {
                scores[i].Score = Scores.MaxNodeScore;
            }
            else
            {
                scores[i].Score = Scores.MaxNodeScore * (max + min - scores[i].Score) / max;
            }
        }

        return Status.Success;
    }

    /// <summary>log(size+2): counts in a topology with many domains weigh more than in one with few.</summary>
    private static double TopologyNormalizingWeight(int size) => Math.Log(size + 2);
}
