using k8s.Models;
using KubeSharp.Controllers.NodeLifecycle;

namespace KubeSharp.Controllers.Tests.NodeLifecycle;

/// <summary>When the taint manager deletes a pod, from its tolerations and the node's NoExecute taints.</summary>
public sealed class TaintEvictionTimesTests
{
    private static readonly DateTimeOffset Added = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Seen = Added.AddMinutes(7);

    [Fact]
    public void A_pod_that_does_not_tolerate_a_taint_goes_at_once()
    {
        Assert.Equal(TaintEvictionTimes.AtOnce, EvictAt([Unreachable()], null));
        Assert.Equal(TaintEvictionTimes.AtOnce, EvictAt([Unreachable()], [Toleration(NodeTaints.NotReady, 300)]));
    }

    [Fact]
    public void Toleration_seconds_count_from_the_taints_time_added()
    {
        Assert.Equal(Added.AddSeconds(300), EvictAt([Unreachable()], [Toleration(NodeTaints.Unreachable, 300)]));
    }

    [Fact]
    public void Zero_toleration_seconds_mean_at_once()
    {
        Assert.Equal(TaintEvictionTimes.AtOnce, EvictAt([Unreachable()], [Toleration(NodeTaints.Unreachable, 0)]));
    }

    [Fact]
    public void Tolerating_without_seconds_means_staying_forever()
    {
        Assert.Null(EvictAt([Unreachable()], [Toleration(NodeTaints.Unreachable, null)]));
        Assert.Null(EvictAt([Unreachable()], [new V1Toleration { OperatorProperty = "Exists" }]));
    }

    [Fact]
    public void The_earliest_deadline_over_all_taints_wins()
    {
        var laterTaint = new V1Taint { Key = "maintenance", Effect = NodeTaints.NoExecute, TimeAdded = Added.AddSeconds(100).UtcDateTime };
        List<V1Toleration> tolerations = [Toleration(NodeTaints.Unreachable, 300), Toleration("maintenance", 60)];

        Assert.Equal(Added.AddSeconds(160), EvictAt([Unreachable(), laterTaint], tolerations));

        // One taint tolerated forever does not save the pod from another with a deadline.
        tolerations = [Toleration(NodeTaints.Unreachable, null), Toleration("maintenance", 60)];
        Assert.Equal(Added.AddSeconds(160), EvictAt([Unreachable(), laterTaint], tolerations));

        // Nor from one it does not tolerate at all.
        Assert.Equal(TaintEvictionTimes.AtOnce, EvictAt([Unreachable(), laterTaint], [Toleration(NodeTaints.Unreachable, null)]));
    }

    [Fact]
    public void The_first_toleration_that_matches_a_taint_is_the_one_used()
    {
        List<V1Toleration> tolerations = [Toleration(NodeTaints.Unreachable, 600), new V1Toleration { OperatorProperty = "Exists", TolerationSeconds = 60 }];

        Assert.Equal(Added.AddSeconds(600), EvictAt([Unreachable()], tolerations));
    }

    [Fact]
    public void A_taint_without_time_added_counts_from_when_it_was_first_seen()
    {
        var handMade = new V1Taint { Key = NodeTaints.Unreachable, Effect = NodeTaints.NoExecute };

        Assert.Equal(Seen.AddSeconds(30), EvictAt([handMade], [Toleration(NodeTaints.Unreachable, 30)]));
    }

    [Theory]
    [InlineData("Exists", null, null, true)]
    [InlineData("Equal", "v", null, true)]
    [InlineData("Equal", "other", null, false)]
    [InlineData(null, "v", null, true)]
    [InlineData("Exists", null, "NoExecute", true)]
    [InlineData("Exists", null, "NoSchedule", false)]
    public void Tolerations_match_by_key_operator_value_and_effect(string? op, string? value, string? effect, bool tolerated)
    {
        var taint = new V1Taint { Key = "k", Value = "v", Effect = NodeTaints.NoExecute };
        var toleration = new V1Toleration { Key = "k", OperatorProperty = op, Value = value, Effect = effect };

        Assert.Equal(tolerated, TaintEvictionTimes.Tolerates(toleration, taint));
    }

    private static DateTimeOffset? EvictAt(List<V1Taint> taints, List<V1Toleration>? tolerations) =>
        TaintEvictionTimes.EvictAt(taints, tolerations, _ => Seen);

    private static V1Taint Unreachable() => new() { Key = NodeTaints.Unreachable, Effect = NodeTaints.NoExecute, TimeAdded = Added.UtcDateTime };

    private static V1Toleration Toleration(string key, long? seconds) => new()
    {
        Key = key,
        OperatorProperty = "Exists",
        Effect = NodeTaints.NoExecute,
        TolerationSeconds = seconds,
    };
}
