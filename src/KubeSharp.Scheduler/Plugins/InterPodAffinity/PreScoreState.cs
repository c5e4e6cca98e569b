using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.InterPodAffinity;

/// <summary>The topology scores PreScore summed, read by Score and NormalizeScore.</summary>
internal sealed class PreScoreState(TopologyScores scores) : ICloneableState
{
    public TopologyScores Scores { get; } = scores;

    /// <summary>Nothing changes it after PreScore, so copies may share it.</summary>
    public ICloneableState Clone() => this;
}
