namespace KubeSharp.Scheduler.Framework;

/// <summary>An image on a node: its size and on how many nodes of the cluster it is.</summary>
public sealed record ImageStateSummary(long Size, int NumNodes);
