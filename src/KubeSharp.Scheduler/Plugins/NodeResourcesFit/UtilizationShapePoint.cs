namespace KubeSharp.Scheduler.Plugins.NodeResourcesFit;

/// <summary>A point of the RequestedToCapacityRatio shape: utilization 0-100 maps to a score 0-10.</summary>
public sealed record UtilizationShapePoint
{
    public int Utilization { get; init; }

    public int Score { get; init; }
}
