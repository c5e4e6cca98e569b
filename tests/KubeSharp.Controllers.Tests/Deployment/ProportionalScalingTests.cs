using k8s.Models;
using KubeSharp.Controllers.Deployment;

namespace KubeSharp.Controllers.Tests.Deployment;

/// <summary>
/// sync_test.go's TestScale: ReplicaSets carry the replica annotations of the Deployment before the
/// change (oldDeployment); the planned sizes are compared, new ReplicaSet first.
/// </summary>
public sealed class ProportionalScalingTests
{
    [Fact]
    public void A_single_active_replica_set_takes_every_replica()
    {
        Check("normal scaling event: 10 -> 12", Builders.Deployment(12), Builders.Deployment(10), Rs("foo-v1", 10, Builders.New), [], "foo-v1=12");
        Check("normal scaling event: 10 -> 5", Builders.Deployment(5), Builders.Deployment(10), Rs("foo-v1", 10, Builders.New), [], "foo-v1=5");
        Check(
            "proportional scaling: 0 -> 6",
            Builders.Deployment(6),
            Builders.Deployment(6),
            Rs("foo-v3", 0, Builders.New),
            [Rs("foo-v2", 0, Builders.Old), Rs("foo-v1", 0, Builders.Older)],
            "foo-v3=6,foo-v2=0,foo-v1=0");
    }

    [Fact]
    public void Replicas_are_spread_in_proportion_to_size()
    {
        Check("proportional scaling: 5 -> 10", Builders.Deployment(10), Builders.Deployment(5), Rs("foo-v2", 2, Builders.New), [Rs("foo-v1", 3, Builders.Old)], "foo-v2=4,foo-v1=6");
        Check("proportional scaling: 5 -> 3", Builders.Deployment(3), Builders.Deployment(5), Rs("foo-v2", 2, Builders.New), [Rs("foo-v1", 3, Builders.Old)], "foo-v2=1,foo-v1=2");
        Check("proportional scaling: 9 -> 4", Builders.Deployment(4), Builders.Deployment(9), Rs("foo-v2", 8, Builders.New), [Rs("foo-v1", 1, Builders.Old)], "foo-v2=4,foo-v1=0");
        Check(
            "proportional scaling: 7 -> 10",
            Builders.Deployment(10),
            Builders.Deployment(7),
            Rs("foo-v3", 2, Builders.New),
            [Rs("foo-v2", 3, Builders.Old), Rs("foo-v1", 2, Builders.Older)],
            "foo-v3=3,foo-v2=4,foo-v1=3");
        Check(
            "proportional scaling: 13 -> 8",
            Builders.Deployment(8),
            Builders.Deployment(13),
            Rs("foo-v3", 2, Builders.New),
            [Rs("foo-v2", 8, Builders.Old), Rs("foo-v1", 3, Builders.Older)],
            "foo-v3=1,foo-v2=5,foo-v1=2");
        Check(
            "proportional scaling: 6 -> 0",
            Builders.Deployment(0),
            Builders.Deployment(6),
            Rs("foo-v3", 3, Builders.New),
            [Rs("foo-v2", 2, Builders.Old), Rs("foo-v1", 1, Builders.Older)],
            "foo-v3=0,foo-v2=0,foo-v1=0");
    }

    [Fact]
    public void Leftovers_go_to_the_newest_when_growing_and_come_from_the_oldest_when_shrinking()
    {
        Check(
            "leftover distribution: 3 -> 4",
            Builders.Deployment(4),
            Builders.Deployment(3),
            Rs("foo-v3", 1, Builders.New),
            [Rs("foo-v2", 1, Builders.Old), Rs("foo-v1", 1, Builders.Older)],
            "foo-v3=2,foo-v2=1,foo-v1=1");
        Check(
            "leftover distribution: 3 -> 2",
            Builders.Deployment(2),
            Builders.Deployment(3),
            Rs("foo-v3", 1, Builders.New),
            [Rs("foo-v2", 1, Builders.Old), Rs("foo-v1", 1, Builders.Older)],
            "foo-v3=1,foo-v2=1,foo-v1=0");
        Check(
            "proportional scaling (no new rs): 4 -> 5",
            Builders.Deployment(5),
            Builders.Deployment(4),
            null,
            [Rs("foo-v2", 2, Builders.Old), Rs("foo-v1", 2, Builders.Older)],
            "foo-v2=3,foo-v1=2");
    }

    [Fact]
    public void Surge_counts_in_both_the_old_and_the_new_size()
    {
        Check(
            "deployment with surge pods",
            Builders.Deployment(20, maxSurge: Builders.Count(2)),
            Builders.Deployment(10, maxSurge: Builders.Count(2)),
            Rs("foo-v2", 6, Builders.New),
            [Rs("foo-v1", 6, Builders.Old)],
            "foo-v2=11,foo-v1=11");
        Check(
            "change both surge and size",
            Builders.Deployment(50, maxSurge: Builders.Count(6)),
            Builders.Deployment(10, maxSurge: Builders.Count(3)),
            Rs("foo-v2", 5, Builders.New),
            [Rs("foo-v1", 8, Builders.Old)],
            "foo-v2=22,foo-v1=34");
        Check(
            "change both size and template",
            Builders.Deployment(14, image: "nginx:1.26"),
            Builders.Deployment(10),
            null,
            [Rs("foo-v2", 7, Builders.New), Rs("foo-v1", 3, Builders.Old)],
            "foo-v2=10,foo-v1=4");
    }

    [Fact]
    public void A_replica_set_sized_for_another_count_gets_its_own_share()
    {
        Check(
            "failed rs update",
            Builders.Deployment(5),
            Builders.Deployment(5),
            Rs("foo-v3", 2, Builders.New),
            [Rs("foo-v2", 1, Builders.Old), Rs("foo-v1", 1, Builders.Older)],
            "foo-v3=2,foo-v2=2,foo-v1=1",
            new Dictionary<string, int> { ["foo-v2"] = 3 });
    }

    [Fact]
    public void A_saturated_but_unavailable_new_replica_set_leaves_the_old_pods_alone()
    {
        var newRS = Rs("foo-v2", 2, Builders.New);
        newRS.Status.AvailableReplicas = 0;
        Check(
            "saturated but broken new replica set does not affect old pods",
            Builders.Deployment(2, maxSurge: Builders.Count(1), maxUnavailable: Builders.Count(1)),
            Builders.Deployment(2, maxSurge: Builders.Count(1), maxUnavailable: Builders.Count(1)),
            newRS,
            [Rs("foo-v1", 1, Builders.Old)],
            "foo-v2=2,foo-v1=1");
    }

    [Fact]
    public void A_saturated_available_new_replica_set_scales_the_old_ones_to_zero()
    {
        Check(
            "saturated new replica set",
            Builders.Deployment(2, maxSurge: Builders.Count(1), maxUnavailable: Builders.Count(1)),
            Builders.Deployment(2, maxSurge: Builders.Count(1), maxUnavailable: Builders.Count(1)),
            Rs("foo-v2", 2, Builders.New),
            [Rs("foo-v1", 1, Builders.Old)],
            "foo-v2=2,foo-v1=0");
    }

    private static V1ReplicaSet Rs(string name, int replicas, DateTime created) => Builders.ReplicaSet(name, replicas, created);

    /// <summary>Annotates as the test's oldDeployment would have, plans, and applies the steps to the sizes.</summary>
    private static void Check(string name, V1Deployment d, V1Deployment oldDeployment, V1ReplicaSet? newRS, List<V1ReplicaSet> oldRSs, string expected, Dictionary<string, int>? desiredReplicas = null)
    {
        var all = (newRS is null ? oldRSs : [newRS, .. oldRSs]).ToList();
        foreach (var rs in all)
        {
            var desired = desiredReplicas?.GetValueOrDefault(rs.Metadata.Name) is { } given and > 0 ? given : Deployments.Replicas(oldDeployment);
            rs.SizedFor(desired, desired + Fenceposts.MaxSurge(oldDeployment));
        }

        var sizes = all.ToDictionary(rs => rs.Metadata.Name, rs => Deployments.Replicas(rs), StringComparer.Ordinal);
        foreach (var step in ProportionalScaling.Plan(d, newRS, oldRSs))
        {
            sizes[step.Target.Metadata.Name] = step.Size;
        }

        Assert.Equal($"{name}: {expected}", $"{name}: {string.Join(',', all.Select(rs => $"{rs.Metadata.Name}={sizes[rs.Metadata.Name]}"))}");
    }
}
