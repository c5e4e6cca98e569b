namespace KubeSharp.Scheduler.Plugins.NodeResourcesFit;

/// <summary>The parameters of the RequestedToCapacityRatio strategy: its shape, by increasing utilization.</summary>
public sealed record RequestedToCapacityRatioParam
{
    public IReadOnlyList<UtilizationShapePoint>? Shape { get; init; }
}
