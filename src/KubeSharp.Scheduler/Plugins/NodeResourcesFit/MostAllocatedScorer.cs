using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.Helper;

namespace KubeSharp.Scheduler.Plugins.NodeResourcesFit;

/// <summary>
/// MostAllocated: the weighted mean over resources of requested * 100 / allocatable, so fuller
/// nodes score higher.
/// </summary>
internal sealed class MostAllocatedScorer(IReadOnlyList<ResourceSpec> resources) : IResourceScorer
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
            nodeScore += MostRequestedScore(requested[i], allocatable[i]) * weight;
            weightSum += weight;
        }

        return weightSum == 0 ? 0 : nodeScore / weightSum;
    }

    // Requests may exceed the capacity because empty requests count as the scoring defaults.
    private static long MostRequestedScore(long requested, long capacity) =>
        capacity == 0 ? 0 : Math.Min(requested, capacity) * Scores.MaxNodeScore / capacity;
}
