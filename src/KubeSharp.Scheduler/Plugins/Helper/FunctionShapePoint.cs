namespace KubeSharp.Scheduler.Plugins.Helper;

/// <summary>A point of a <see cref="BrokenLinearFunction"/>: the function's value (Score) at Utilization.</summary>
public readonly record struct FunctionShapePoint(long Utilization, long Score);
