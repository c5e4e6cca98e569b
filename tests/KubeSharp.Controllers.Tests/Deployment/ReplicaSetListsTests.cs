using k8s.Models;
using KubeSharp.Controllers.Deployment;

namespace KubeSharp.Controllers.Tests.Deployment;

/// <summary>deployment_util_test.go's TestFindNewReplicaSet, TestFindOldReplicaSets and FindActiveOrLatest.</summary>
public sealed class ReplicaSetListsTests
{
    [Fact]
    public void The_new_replica_set_has_the_deployments_template_whatever_its_hash()
    {
        var d = Builders.Deployment(3);
        var newRS = Hashed(Builders.ReplicaSet("foo-hash", 3, Builders.New), "hash");
        var newRSDuplicate = Hashed(Builders.ReplicaSet("foo-different-hash", 3, Builders.Old), "different-hash");
        var oldRS = Builders.ReplicaSet("foo-old", 3, Builders.Older, image: "nginx:1.24");

        Assert.Same(newRS, ReplicaSetLists.FindNewReplicaSet(d, [newRS, oldRS]));
        Assert.Same(newRSDuplicate, ReplicaSetLists.FindNewReplicaSet(d, [newRS, oldRS, newRSDuplicate]));
        Assert.Null(ReplicaSetLists.FindNewReplicaSet(d, [oldRS]));
    }

    [Fact]
    public void Old_replica_sets_are_all_but_the_new_one_oldest_first()
    {
        var d = Builders.Deployment(3);
        var newRS = Builders.ReplicaSet("foo-new", 3, Builders.New);
        var scaledDown = Builders.ReplicaSet("foo-v2", 0, Builders.Old, image: "nginx:1.24");
        var running = Builders.ReplicaSet("foo-v1", 1, Builders.Older, image: "nginx:1.23");

        var (withReplicas, all) = ReplicaSetLists.FindOldReplicaSets(d, [newRS, scaledDown, running]);

        Assert.Equal(["foo-v1"], withReplicas.Select(rs => rs.Metadata.Name));
        Assert.Equal(["foo-v1", "foo-v2"], all.Select(rs => rs.Metadata.Name));
    }

    [Fact]
    public void The_only_active_replica_set_or_else_the_newest_is_scaled_alone()
    {
        var newRS = Builders.ReplicaSet("foo-v3", 0, Builders.New);
        var active = Builders.ReplicaSet("foo-v2", 2, Builders.Old);
        var idle = Builders.ReplicaSet("foo-v1", 0, Builders.Older);

        Assert.Same(active, ReplicaSetLists.FindActiveOrLatest(newRS, [idle, active]));
        Assert.Same(newRS, ReplicaSetLists.FindActiveOrLatest(newRS, [idle]));
        Assert.Same(active, ReplicaSetLists.FindActiveOrLatest(null, [active, idle]));
        Assert.Same(idle, ReplicaSetLists.FindActiveOrLatest(null, [idle, Builders.ReplicaSet("foo-v0", 0, Builders.Older.AddMinutes(-1))]));
        Assert.Null(ReplicaSetLists.FindActiveOrLatest(Builders.ReplicaSet("foo-v4", 1, Builders.New), [active]));
        Assert.Null(ReplicaSetLists.FindActiveOrLatest(null, []));
    }

    [Fact]
    public void Counts_sum_over_the_replica_sets_that_exist()
    {
        var a = Builders.ReplicaSet("foo-v1", 3, Builders.Old);
        var b = Builders.ReplicaSet("foo-v2", 2, Builders.New);
        b.Status.AvailableReplicas = 1;

        Assert.Equal(5, ReplicaSetLists.ReplicaCount([a, null, b]));
        Assert.Equal(4, ReplicaSetLists.AvailableReplicaCount([a, null, b]));
        Assert.Equal(5, ReplicaSetLists.ActualReplicaCount([a, b]));
    }

    private static V1ReplicaSet Hashed(V1ReplicaSet rs, string hash)
    {
        rs.Metadata.Labels[PodTemplateHash.Label] = hash;
        rs.Spec.Template.Metadata.Labels[PodTemplateHash.Label] = hash;
        return rs;
    }
}
