using KubeSharp.Scheduler.Plugins.Helper;

namespace KubeSharp.Scheduler.Plugins.NodeResourcesFit;

/// <summary>
/// How NodeResourcesFit scores nodes: <c>{"type": "MostAllocated", "resources": [{"name": "cpu",
/// "weight": 1}], "requestedToCapacityRatio": {"shape": [...]}}</c>.
/// </summary>
public sealed record ScoringStrategy
{
    /// <summary>One of <see cref="ScoringStrategyType"/>.</summary>
    public string? Type { get; init; }

    public IReadOnlyList<ResourceSpec>? Resources { get; init; }

    public RequestedToCapacityRatioParam? RequestedToCapacityRatio { get; init; }
}
