using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.Helper;

namespace KubeSharp.Scheduler.Plugins.NodeResourcesFit;

/// <summary>
/// LeastAllocated: the weighted mean over resources of (allocatable - requested) * 100 / allocatable,
/// so emptier nodes score higher.
/// </summary>
internal sealed class LeastAllocatedScorer(IReadOnlyList<ResourceSpec> resources) : IResourceScorer
{
    public long Score(long[] requested, long[] allocatable)
    {
        long nodeScore = 0;
        long weightSum = 0;
        for (var i = 0; i < requested.Length; i++)
        {
            if (allocatable[i] == 0)
            {
                continue;
            }

            var weight = resources[i].Weight;
            nodeScore += LeastRequestedScore(requested[i], allocatable[i]) * weight;
            weightSum += weight;
        }

        return weightSum == 0 ? 0 : nodeScore / weightSum;
    }

    private static long LeastRequestedScore(long requested, long capacity) =>
        capacity == 0 || requested > capacity ? 0 : (capacity - requested) * Scores.MaxNodeScore / capacity;
}
