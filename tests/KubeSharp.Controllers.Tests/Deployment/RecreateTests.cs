using k8s.Models;
using KubeSharp.Controllers.Deployment;

namespace KubeSharp.Controllers.Tests.Deployment;

/// <summary>recreate_test.go's TestOldPodsRunning: Recreate starts new pods only once no old one may still run.</summary>
public sealed class RecreateTests
{
    [Fact]
    public void Old_pods_run_while_an_old_replica_set_counts_any()
    {
        var old = Builders.ReplicaSet("foo-v1", 0, Builders.Old);
        old.Status.Replicas = 1;

        Assert.True(DeploymentController.OldPodsRunning(null, [old], new Dictionary<string, List<V1Pod>>()));
    }

    [Theory]
    [InlineData("Running", true)]
    [InlineData("Pending", true)]
    [InlineData("Unknown", true)]
    [InlineData(null, true)]
    [InlineData("Succeeded", false)]
    [InlineData("Failed", false)]
    public void Old_pods_run_until_they_finish(string? phase, bool running)
    {
        var newRS = Builders.ReplicaSet("foo-v2", 0, Builders.New);
        var old = Builders.ReplicaSet("foo-v1", 0, Builders.Old);
        old.Status.Replicas = 0;
        var podMap = new Dictionary<string, List<V1Pod>>
        {
            [old.Metadata.Uid] = [Pod(phase)],
            [newRS.Metadata.Uid] = [Pod("Running")],
        };

        Assert.Equal(running, DeploymentController.OldPodsRunning(newRS, [old], podMap));
    }

    [Fact]
    public void The_new_replica_sets_pods_do_not_count()
    {
        var newRS = Builders.ReplicaSet("foo-v2", 0, Builders.New);

        Assert.False(DeploymentController.OldPodsRunning(newRS, [], new Dictionary<string, List<V1Pod>> { [newRS.Metadata.Uid] = [Pod("Running")] }));
    }

    private static V1Pod Pod(string? phase) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p" },
        Status = new V1PodStatus { Phase = phase },
    };
}
