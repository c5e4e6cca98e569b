using k8s.Models;
using KubeSharp.Controllers.Deployment;

namespace KubeSharp.Controllers.Tests.Deployment;

/// <summary>deployment_controller_test.go's TestDeploymentController_cleanupDeployment, as the choice of ReplicaSets to delete.</summary>
public sealed class HistoryCleanupTests
{
    [Fact]
    public void Old_replica_sets_beyond_the_limit_go()
    {
        Assert.Equal(2, Doomed(1, Rs("foo-1", 0, 0), Rs("foo-2", 0, 0), Rs("foo-3", 0, 0)).Count);
        Assert.Equal(2, Doomed(0, Rs("foo-1", 0, 0), Rs("foo-2", 0, 0)).Count);
    }

    [Fact]
    public void Only_replica_sets_without_replicas_or_pods_go()
    {
        Assert.Equal(["foo-1"], Doomed(0, Rs("foo-1", 0, 0), Rs("foo-2", 0, 1), Rs("foo-3", 1, 0), Rs("foo-4", 1, 1)).Select(rs => rs.Metadata.Name));
        Assert.Empty(Doomed(0, Rs("foo-1", 1, 1), Rs("foo-2", 1, 1)));
    }

    [Fact]
    public void Replica_sets_being_deleted_or_not_yet_observed_stay()
    {
        var deleting = Rs("foo-1", 0, 0);
        deleting.Metadata.DeletionTimestamp = Builders.New;
        var unobserved = Rs("foo-2", 0, 0);
        unobserved.Metadata.Generation = 2;
        unobserved.Status.ObservedGeneration = 1;

        Assert.Empty(Doomed(0, deleting, unobserved));
    }

    [Fact]
    public void An_unlimited_history_keeps_everything()
    {
        Assert.Empty(Doomed(int.MaxValue, Rs("foo-1", 0, 0), Rs("foo-2", 0, 0), Rs("foo-3", 0, 0)));

        var d = Builders.Deployment(1);
        d.Spec.RevisionHistoryLimit = null;
        Assert.Empty(HistoryCleanup.Doomed(d, [Rs("foo-1", 0, 0)]));
    }

    [Fact]
    public void The_lowest_revisions_go_first()
    {
        var doomed = Doomed(1, Rs("foo-a", 0, 0).WithRevision(3), Rs("foo-b", 0, 0).WithRevision(1), Rs("foo-c", 0, 0).WithRevision(2));

        Assert.Equal(["foo-b", "foo-c"], doomed.Select(rs => rs.Metadata.Name));
    }

    private static List<V1ReplicaSet> Doomed(int revisionHistoryLimit, params V1ReplicaSet[] oldRSs)
    {
        var d = Builders.Deployment(1);
        d.Spec.RevisionHistoryLimit = revisionHistoryLimit;
        return HistoryCleanup.Doomed(d, oldRSs);
    }

    /// <summary>newRSWithStatus: spec and status replicas, its latest spec observed.</summary>
    private static V1ReplicaSet Rs(string name, int specReplicas, int statusReplicas)
    {
        var rs = Builders.ReplicaSet(name, specReplicas, Builders.Old);
        rs.Status.Replicas = statusReplicas;
        rs.Metadata.Generation = 1;
        rs.Status.ObservedGeneration = 1;
        return rs;
    }
}
