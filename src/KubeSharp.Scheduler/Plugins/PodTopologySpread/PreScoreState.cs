using System.Runtime.CompilerServices;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.PodTopologySpread;

/// <summary>
/// What PreScore prepared for the ScheduleAnyway constraints: feasible nodes lacking a topology key
/// (scored 0), matching pods per domain of each non-hostname constraint (hostname domains are
/// counted on the node at Score) and each constraint's weight by its number of domains.
/// </summary>
internal sealed class PreScoreState(
    IReadOnlyList<SpreadConstraint> constraints,
    HashSet<string> ignoredNodes,
    Dictionary<string, StrongBox<long>>[] podCounts,
    double[] weights) : ICloneableState
{
    public IReadOnlyList<SpreadConstraint> Constraints { get; } = constraints;

    public HashSet<string> IgnoredNodes { get; } = ignoredNodes;

    /// <summary>Boxed so nodes can be counted in parallel into the domains set up beforehand.</summary>
    public Dictionary<string, StrongBox<long>>[] PodCounts { get; } = podCounts;

    public double[] Weights { get; } = weights;

    /// <summary>Nothing changes it after PreScore, so copies may share it.</summary>
    public ICloneableState Clone() => this;
}
