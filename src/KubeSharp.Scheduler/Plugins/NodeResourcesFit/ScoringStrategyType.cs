namespace KubeSharp.Scheduler.Plugins.NodeResourcesFit;

/// <summary>The values of scoringStrategy.type in NodeResourcesFit's args.</summary>
public static class ScoringStrategyType
{
    /// <summary>Favors nodes with more unrequested resources (spreading); the default.</summary>
    public const string LeastAllocated = "LeastAllocated";

    /// <summary>Favors nodes with fewer unrequested resources (bin packing).</summary>
    public const string MostAllocated = "MostAllocated";

    /// <summary>Scores utilization through a user-defined piecewise linear shape.</summary>
    public const string RequestedToCapacityRatio = "RequestedToCapacityRatio";
}
