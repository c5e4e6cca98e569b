namespace KubeSharp.Scheduler.Framework;

/// <summary>PreFilter's narrowing of the candidate nodes; null NodeNames means all nodes.</summary>
public sealed record PreFilterResult(IReadOnlySet<string>? NodeNames)
{
    /// <summary>The intersection of two results (either may be null = all nodes).</summary>
    public static PreFilterResult? Merge(PreFilterResult? a, PreFilterResult? b)
    {
        if (a?.NodeNames is null)
        {
            return b;
        }

        if (b?.NodeNames is null)
        {
            return a;
        }

        return new PreFilterResult(a.NodeNames.Where(b.NodeNames.Contains).ToHashSet(StringComparer.Ordinal));
    }
}

/// <summary>What PostFilter proposes: a node the pod is nominated to, once victims are gone.</summary>
public sealed record PostFilterResult(string? NominatedNodeName);

/// <summary>A node's score from one plugin (or, after weighting, the total).</summary>
public record struct NodeScore(string Name, long Score);

/// <summary>Why each node was rejected in a cycle; nodes not listed share <see cref="AbsentNodesStatus"/>.</summary>
public sealed class NodeToStatus
{
    public Dictionary<string, Status> Statuses { get; } = new(StringComparer.Ordinal);

    /// <summary>The status of nodes that were never filtered (a PreFilter result excluded them).</summary>
    public Status AbsentNodesStatus { get; set; } = Status.Unresolvable();

    public Status Get(string nodeName) => Statuses.GetValueOrDefault(nodeName) ?? AbsentNodesStatus;
}

public static class Scores
{
    public const long MaxNodeScore = 100;
    public const long MinNodeScore = 0;
}
