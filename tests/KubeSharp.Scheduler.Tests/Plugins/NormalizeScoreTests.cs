using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.Helper;

namespace KubeSharp.Scheduler.Tests.Plugins;

/// <summary>Upstream's helper/normalize_score_test.go table.</summary>
public sealed class NormalizeScoreTests
{
    [Theory]
    [InlineData(false, new long[] { 1, 2, 3, 4 }, new long[] { 25, 50, 75, 100 })]
    [InlineData(true, new long[] { 1, 2, 3, 4 }, new long[] { 75, 50, 25, 0 })]
    [InlineData(false, new long[] { 1000, 10, 20, 30 }, new long[] { 100, 1, 2, 3 })]
    [InlineData(true, new long[] { 1000, 10, 20, 30 }, new long[] { 0, 99, 98, 97 })]
    [InlineData(false, new long[] { 1, 1, 1, 1 }, new long[] { 100, 100, 100, 100 })]
    [InlineData(false, new long[] { 1, 0, 1, 1 }, new long[] { 100, 0, 100, 100 })]
    [InlineData(true, new long[] { 0, 1, 0, 1 }, new long[] { 100, 0, 100, 0 })]
    [InlineData(false, new long[] { 0, 0, 0, 0 }, new long[] { 0, 0, 0, 0 })]
    [InlineData(true, new long[] { 0, 0, 0, 0 }, new long[] { 100, 100, 100, 100 })]
    public void DefaultNormalizeScore_Scales_To_The_Highest(bool reverse, long[] raw, long[] expected)
    {
        var scores = raw.Select((score, i) => new NodeScore("node" + i, score)).ToArray();

        var status = NormalizeScore.DefaultNormalizeScore(Scores.MaxNodeScore, reverse, scores);

        Assert.True(status.IsSuccess);
        Assert.Equal(expected, scores.Select(score => score.Score).ToArray());
        Assert.Equal(raw.Select((_, i) => "node" + i).ToArray(), scores.Select(score => score.Name).ToArray());
    }
}
