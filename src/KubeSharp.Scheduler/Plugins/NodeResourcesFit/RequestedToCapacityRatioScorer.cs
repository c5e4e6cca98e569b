using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.Helper;

namespace KubeSharp.Scheduler.Plugins.NodeResourcesFit;

/// <summary>
/// RequestedToCapacityRatio: each resource's utilization (0-100) goes through the configured shape,
/// whose 0-10 scores are scaled to 0-100; the result is the rounded weighted mean over the resources
/// that score above 0.
/// </summary>
internal sealed class RequestedToCapacityRatioScorer : IResourceScorer
{
    private const long MaxUtilization = 100;

    private readonly IReadOnlyList<ResourceSpec> _resources;
    private readonly Func<long, long> _function;

    public RequestedToCapacityRatioScorer(IReadOnlyList<ResourceSpec> resources, IReadOnlyList<UtilizationShapePoint> shape)
    {
        _resources = resources;
        _function = BrokenLinearFunction.Build(
            [.. shape.Select(point => new FunctionShapePoint(point.Utilization, point.Score * (Scores.MaxNodeScore / NodeResourcesFitArgs.MaxCustomPriorityScore)))]);
    }

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

            var weight = _resources[i].Weight;
            var resourceScore = ResourceScore(requested[i], allocatable[i]);
            if (resourceScore > 0)
            {
                nodeScore += resourceScore * weight;
                weightSum += weight;
            }
        }

        // math.Round rounds halves away from zero.
        return weightSum == 0 ? 0 : (long)Math.Round((double)nodeScore / weightSum, MidpointRounding.AwayFromZero);
    }

    private long ResourceScore(long requested, long capacity) =>
        capacity == 0 || requested > capacity ? _function(MaxUtilization) : _function(requested * MaxUtilization / capacity);
}
