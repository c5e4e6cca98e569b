using KubeSharp.Controllers.Deployment;

namespace KubeSharp.Controllers.Tests.Deployment;

/// <summary>deployment_util_test.go's TestNewRSNewReplicas, IsSaturated, and the proportions of a scaling event.</summary>
public sealed class ReplicaCountsTests
{
    [Theory]
    [InlineData("RollingUpdate", 1, 5, 1, 5)]
    [InlineData("RollingUpdate", 6, 2, 10, 6)]
    [InlineData("Recreate", 3, 1, 1, 3)]
    public void NewRSNewReplicas_follows_upstreams_table(string strategy, int depReplicas, int newRSReplicas, int maxSurge, int expected)
    {
        var d = Builders.Deployment(depReplicas, maxSurge: Builders.Count(maxSurge), maxUnavailable: Builders.Count(1), strategy: strategy);
        var rs5 = Builders.ReplicaSet("foo-v1", 5, Builders.Old);
        var newRS = Builders.ReplicaSet("foo-v2", newRSReplicas, Builders.New);

        Assert.Equal(expected, ReplicaCounts.NewRSNewReplicas(d, [rs5], newRS));
    }

    [Fact]
    public void A_rollout_of_five_starts_the_new_replica_set_at_the_surge()
    {
        var d = Builders.Deployment(5, maxSurge: "25%", maxUnavailable: "25%");
        var old = Builders.ReplicaSet("foo-v1", 5, Builders.Old);
        var newRS = Builders.ReplicaSet("foo-v2", 0, Builders.New);

        Assert.Equal(2, ReplicaCounts.NewRSNewReplicas(d, [old, newRS], newRS));
    }

    [Fact]
    public void Saturated_means_all_replicas_desired_and_available()
    {
        var d = Builders.Deployment(2, maxSurge: Builders.Count(1), maxUnavailable: Builders.Count(1));
        var rs = Builders.ReplicaSet("foo-v2", 2, Builders.New).SizedFor(2, 3);

        Assert.True(ReplicaCounts.IsSaturated(d, rs));
        rs.Status.AvailableReplicas = 1;
        Assert.False(ReplicaCounts.IsSaturated(d, rs));
        Assert.False(ReplicaCounts.IsSaturated(d, Builders.ReplicaSet("foo-v3", 2, Builders.New)));
        Assert.False(ReplicaCounts.IsSaturated(d, null));
    }

    [Fact]
    public void Scaling_up_adds_the_replica_sets_share_but_no_more_than_is_left()
    {
        var d = Builders.Deployment(10);
        var rs = Builders.ReplicaSet("foo-v1", 3, Builders.Old).SizedFor(5, 5);

        // 3 of 5 at the last scaling; of 10 that is 6.
        Assert.Equal(3, ReplicaCounts.GetReplicaSetProportion(rs, d, 5, 0));
        Assert.Equal(1, ReplicaCounts.GetReplicaSetProportion(rs, d, 5, 4));
        Assert.Equal(0, ReplicaCounts.GetReplicaSetProportion(rs, d, 5, 5));
        Assert.Equal(0, ReplicaCounts.GetReplicaSetProportion(rs, d, 0, 0));
        Assert.Equal(0, ReplicaCounts.GetReplicaSetProportion(null, d, 5, 0));
        Assert.Equal(0, ReplicaCounts.GetReplicaSetProportion(Builders.ReplicaSet("foo-v0", 0, Builders.Older), d, 5, 0));
    }

    [Fact]
    public void Scaling_down_removes_the_replica_sets_share_but_no_more_than_is_left()
    {
        var d = Builders.Deployment(8);
        var rs = Builders.ReplicaSet("foo-v2", 8, Builders.Old).SizedFor(13, 13);

        // 8 * 8 / 13 = 4.92, rounded to 5.
        Assert.Equal(-3, ReplicaCounts.GetReplicaSetProportion(rs, d, -5, 0));
        Assert.Equal(-1, ReplicaCounts.GetReplicaSetProportion(rs, d, -5, -4));
    }

    [Fact]
    public void Halves_round_away_from_zero()
    {
        var d = Builders.Deployment(5);
        var rs = Builders.ReplicaSet("foo-v2", 2, Builders.Old).SizedFor(4, 4);

        // 2 * 5 / 4 = 2.5, rounded to 3.
        Assert.Equal(1, ReplicaCounts.GetReplicaSetProportion(rs, d, 1, 0));
    }

    [Fact]
    public void Scaling_to_zero_removes_all_of_it()
    {
        var d = Builders.Deployment(0);
        var rs = Builders.ReplicaSet("foo-v1", 3, Builders.Old).SizedFor(6, 6);

        Assert.Equal(-3, ReplicaCounts.GetReplicaSetProportion(rs, d, -6, 0));
    }

    [Fact]
    public void Without_the_max_replicas_annotation_the_deployments_size_is_the_base()
    {
        var d = Builders.Deployment(10);
        d.Status.Replicas = 5;
        var rs = Builders.ReplicaSet("foo-v1", 3, Builders.Old);

        Assert.Equal(3, ReplicaCounts.GetReplicaSetProportion(rs, d, 5, 0));
        d.Status.Replicas = null;
        Assert.Equal(0, ReplicaCounts.GetReplicaSetProportion(rs, d, 5, 0));
    }
}
