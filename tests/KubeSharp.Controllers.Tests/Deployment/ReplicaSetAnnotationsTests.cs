using KubeSharp.Controllers.Deployment;

namespace KubeSharp.Controllers.Tests.Deployment;

/// <summary>Revisions and the annotations copied to a Deployment's ReplicaSets (deployment_util's SetNewReplicaSetAnnotations, MaxRevision).</summary>
public sealed class ReplicaSetAnnotationsTests
{
    [Fact]
    public void A_new_replica_set_gets_the_next_revision_the_deployments_annotations_and_its_sizes()
    {
        var d = Builders.Deployment(5, maxSurge: "25%", maxUnavailable: "25%");
        d.Metadata.Annotations = new Dictionary<string, string>
        {
            ["kubernetes.io/change-cause"] = "kubectl set image",
            ["kubectl.kubernetes.io/last-applied-configuration"] = "{}",
            [ReplicaSetAnnotations.Revision] = "7",
        };
        var rs = Builders.ReplicaSet("foo-v2", 0, Builders.New);

        Assert.True(ReplicaSetAnnotations.SetNewReplicaSetAnnotations(d, rs, "3", exists: false, ReplicaSetAnnotations.MaxRevisionHistoryLength));

        var annotations = rs.Metadata.Annotations;
        Assert.Equal("3", annotations[ReplicaSetAnnotations.Revision]);
        Assert.Equal("kubectl set image", annotations["kubernetes.io/change-cause"]);
        Assert.False(annotations.ContainsKey("kubectl.kubernetes.io/last-applied-configuration"));
        Assert.Equal(("5", "7"), (annotations[ReplicaSetAnnotations.DesiredReplicas], annotations[ReplicaSetAnnotations.MaxReplicas]));
        Assert.False(annotations.ContainsKey(ReplicaSetAnnotations.RevisionHistory));
    }

    [Fact]
    public void Rolling_back_to_a_replica_set_keeps_the_revisions_it_served()
    {
        var d = Builders.Deployment(3);
        var rs = Builders.ReplicaSet("foo-v1", 0, Builders.Old).WithRevision(1);

        Assert.True(ReplicaSetAnnotations.SetNewReplicaSetAnnotations(d, rs, "3", exists: true, ReplicaSetAnnotations.MaxRevisionHistoryLength));
        Assert.Equal(("3", "1"), (rs.Metadata.Annotations[ReplicaSetAnnotations.Revision], rs.Metadata.Annotations[ReplicaSetAnnotations.RevisionHistory]));

        Assert.True(ReplicaSetAnnotations.SetNewReplicaSetAnnotations(d, rs, "5", exists: true, ReplicaSetAnnotations.MaxRevisionHistoryLength));
        Assert.Equal(("5", "1,3"), (rs.Metadata.Annotations[ReplicaSetAnnotations.Revision], rs.Metadata.Annotations[ReplicaSetAnnotations.RevisionHistory]));

        // Existing ReplicaSets keep their replica annotations: those change only by scaling.
        Assert.False(rs.Metadata.Annotations.ContainsKey(ReplicaSetAnnotations.DesiredReplicas));
    }

    [Fact]
    public void The_revision_history_drops_its_oldest_entries_past_the_limit()
    {
        var d = Builders.Deployment(3);
        var rs = Builders.ReplicaSet("foo-v1", 0, Builders.Old).WithRevision(4);
        rs.Metadata.Annotations[ReplicaSetAnnotations.RevisionHistory] = "1,2,3";

        ReplicaSetAnnotations.SetNewReplicaSetAnnotations(d, rs, "9", exists: true, revisionHistoryLimitInChars: 6);

        Assert.Equal("2,3,4", rs.Metadata.Annotations[ReplicaSetAnnotations.RevisionHistory]);
    }

    [Fact]
    public void A_revision_is_never_lowered()
    {
        var d = Builders.Deployment(3);
        var rs = Builders.ReplicaSet("foo-v3", 3, Builders.New).WithRevision(5);
        ReplicaSetAnnotations.SetReplicasAnnotations(rs, 3, 3);

        Assert.False(ReplicaSetAnnotations.SetNewReplicaSetAnnotations(d, rs, "4", exists: true, ReplicaSetAnnotations.MaxRevisionHistoryLength));
        Assert.Equal("5", rs.Metadata.Annotations[ReplicaSetAnnotations.Revision]);
    }

    [Fact]
    public void MaxRevision_skips_what_is_not_a_number()
    {
        var broken = Builders.ReplicaSet("foo-x", 0, Builders.Older);
        broken.Metadata.Annotations = new Dictionary<string, string> { [ReplicaSetAnnotations.Revision] = "x" };

        Assert.Equal(
            4,
            ReplicaSetAnnotations.MaxRevision([Builders.ReplicaSet("foo-v1", 0, Builders.Old).WithRevision(4), Builders.ReplicaSet("foo-v2", 0, Builders.New).WithRevision(2), broken]));
        Assert.Equal(0, ReplicaSetAnnotations.MaxRevision([]));
    }

    [Fact]
    public void Replica_annotations_need_an_update_only_when_they_differ()
    {
        var rs = Builders.ReplicaSet("foo-v1", 3, Builders.Old);

        Assert.True(ReplicaSetAnnotations.ReplicasAnnotationsNeedUpdate(rs, 3, 4));
        Assert.True(ReplicaSetAnnotations.SetReplicasAnnotations(rs, 3, 4));
        Assert.False(ReplicaSetAnnotations.ReplicasAnnotationsNeedUpdate(rs, 3, 4));
        Assert.False(ReplicaSetAnnotations.SetReplicasAnnotations(rs, 3, 4));
        Assert.True(ReplicaSetAnnotations.ReplicasAnnotationsNeedUpdate(rs, 5, 4));
        Assert.Equal(3, ReplicaSetAnnotations.GetDesiredReplicas(rs));
    }
}
