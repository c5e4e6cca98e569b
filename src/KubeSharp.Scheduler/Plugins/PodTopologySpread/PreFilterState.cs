using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.PodTopologySpread;

/// <summary>
/// What PreFilter counted for the DoNotSchedule constraints, by constraint index: matching pods per
/// domain and the domains with the fewest. Preemption clones it and adds or removes pods on the
/// copy, so counts and paths are copied deeply (the constraints never change).
/// </summary>
internal sealed class PreFilterState(IReadOnlyList<SpreadConstraint> constraints, CriticalPaths[] paths, Dictionary<string, int>[] matchNums) : ICloneableState
{
    public IReadOnlyList<SpreadConstraint> Constraints { get; } = constraints;

    public CriticalPaths[] Paths { get; } = paths;

    /// <summary>Matching pods per topology value, for each constraint.</summary>
    public Dictionary<string, int>[] MatchNums { get; } = matchNums;

    /// <summary>The global minimum of the skew; 0 while fewer domains than minDomains are eligible.</summary>
    public int MinMatchNum(int index, int minDomains) =>
        MatchNums[index].Count < minDomains ? 0 : Paths[index].MinMatchNum;

    public ICloneableState Clone() =>
        new PreFilterState(
            Constraints,
            [.. Paths.Select(path => path.Clone())],
            [.. MatchNums.Select(counts => new Dictionary<string, int>(counts, StringComparer.Ordinal))]);
}
