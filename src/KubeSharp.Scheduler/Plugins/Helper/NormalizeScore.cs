using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.Helper;

/// <summary>helper.DefaultNormalizeScore, for plugins whose raw scores are counts or sums.</summary>
public static class NormalizeScore
{
    /// <summary>
    /// Rescales scores from [0, highest] to [0, maxPriority] in place; with reverse, a node's score
    /// becomes maxPriority minus that (fewer is better). Scores are assumed non-negative; when all
    /// are 0 they stay 0, or all become maxPriority when reversed.
    /// </summary>
    /// <remarks>
    /// A plugin that implements IScoreExtensions.NormalizeScore cannot call this as
    /// <c>NormalizeScore.DefaultNormalizeScore</c> (the name binds to its own method): use
    /// <c>using static KubeSharp.Scheduler.Plugins.Helper.NormalizeScore;</c> instead.
    /// </remarks>
    public static Status DefaultNormalizeScore(long maxPriority, bool reverse, NodeScore[] scores)
    {
        long highest = 0;
        foreach (var score in scores)
        {
            highest = Math.Max(highest, score.Score);
        }

        if (highest == 0)
        {
            if (reverse)
            {
                for (var i = 0; i < scores.Length; i++)
                {
                    scores[i].Score = maxPriority;
                }
            }

            return Status.Success;
        }

        for (var i = 0; i < scores.Length; i++)
        {
            var score = maxPriority * scores[i].Score / highest;
            scores[i].Score = reverse ? maxPriority - score : score;
        }

        return Status.Success;
    }
}
