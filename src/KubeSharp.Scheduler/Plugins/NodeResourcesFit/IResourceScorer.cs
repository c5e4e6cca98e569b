namespace KubeSharp.Scheduler.Plugins.NodeResourcesFit;

/// <summary>
/// A scoring strategy: a node's score (0-100) from, per configured resource, the amount requested
/// with the pod added and the node's allocatable amount (0 for resources to skip).
/// </summary>
internal interface IResourceScorer
{
    long Score(long[] requested, long[] allocatable);
}
