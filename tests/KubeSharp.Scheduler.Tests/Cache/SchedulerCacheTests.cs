using KubeSharp.Scheduler.Cache;
using KubeSharp.Scheduler.Framework;
using static KubeSharp.Scheduler.Tests.Builders;

namespace KubeSharp.Scheduler.Tests.Cache;

public sealed class SchedulerCacheTests
{
    [Fact]
    public void An_Assumed_Pod_Counts_At_Once_And_Is_Confirmed_By_The_Bound_Pod()
    {
        var cache = new SchedulerCache();
        cache.AddNode(Node("n1", cpu: "4"));
        var snapshot = new Snapshot();
        var pod = Pod("p", cpu: "1");

        cache.AssumePod(new PodInfo(pod), "n1");
        cache.UpdateSnapshot(snapshot);
        Assert.Equal(1000, snapshot.Get("n1")!.Requested.MilliCpu);
        Assert.True(cache.IsAssumed(pod));

        cache.AddPod(Pod("p", node: "n1", cpu: "1"));
        cache.UpdateSnapshot(snapshot);
        Assert.False(cache.IsAssumed(pod));
        Assert.Equal(1000, snapshot.Get("n1")!.Requested.MilliCpu);
        Assert.Single(snapshot.Get("n1")!.Pods);
    }

    [Fact]
    public void A_Forgotten_Assumption_Frees_The_Node()
    {
        var cache = new SchedulerCache();
        cache.AddNode(Node("n1"));
        var snapshot = new Snapshot();
        var pod = new PodInfo(Pod("p", cpu: "1"));
        cache.AssumePod(pod, "n1");
        cache.ForgetPod(pod);
        cache.UpdateSnapshot(snapshot);
        Assert.Equal(0, snapshot.Get("n1")!.Requested.MilliCpu);
        Assert.Empty(snapshot.Get("n1")!.Pods);
    }

    [Fact]
    public void The_Snapshot_Copies_Only_Changed_Nodes()
    {
        var cache = new SchedulerCache();
        cache.AddNode(Node("n1"));
        cache.AddNode(Node("n2"));
        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);
        var n1 = snapshot.Get("n1");
        var n2 = snapshot.Get("n2");

        cache.AddPod(Pod("p", node: "n2", cpu: "500m"));
        cache.UpdateSnapshot(snapshot);

        Assert.Same(n1, snapshot.Get("n1"));
        Assert.NotSame(n2, snapshot.Get("n2"));
        Assert.Equal(500, snapshot.Get("n2")!.Requested.MilliCpu);
        Assert.Equal(0, n2!.Requested.MilliCpu);
    }

    [Fact]
    public void Terminal_And_Deleted_Pods_Free_Their_Resources()
    {
        var cache = new SchedulerCache();
        cache.AddNode(Node("n1"));
        var snapshot = new Snapshot();
        cache.AddPod(Pod("a", node: "n1", cpu: "1"));
        cache.AddPod(Pod("b", node: "n1", cpu: "1"));
        var done = Pod("a", node: "n1", cpu: "1");
        done.Status = new k8s.Models.V1PodStatus { Phase = "Succeeded" };
        cache.UpdatePod(done);
        cache.RemovePod(Pod("b", node: "n1"));
        cache.UpdateSnapshot(snapshot);
        Assert.Equal(0, snapshot.Get("n1")!.Requested.MilliCpu);
    }

    [Fact]
    public void Nodes_Are_Listed_One_Zone_At_A_Time()
    {
        var cache = new SchedulerCache();
        foreach (var (name, zone) in new[] { ("a1", "a"), ("a2", "a"), ("a3", "a"), ("b1", "b"), ("c1", "c"), ("c2", "c") })
        {
            cache.AddNode(Node(name, labels: Labels($"topology.kubernetes.io/zone={zone}")));
        }

        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);
        Assert.Equal(["a1", "b1", "c1", "a2", "c2", "a3"], snapshot.NodeInfos.Select(n => n.Name));
    }

    [Fact]
    public void Removed_Nodes_Leave_The_Snapshot_And_Pods_On_Them_Keep_No_Ghost()
    {
        var cache = new SchedulerCache();
        cache.AddNode(Node("n1"));
        cache.AddNode(Node("n2"));
        cache.AddPod(Pod("p", node: "n1"));
        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);

        cache.RemoveNode(Node("n1"));
        cache.UpdateSnapshot(snapshot);
        Assert.Equal(["n2"], snapshot.NodeInfos.Select(n => n.Name));

        cache.RemovePod(Pod("p", node: "n1"));
        cache.AddNode(Node("n1"));
        cache.UpdateSnapshot(snapshot);
        Assert.Empty(snapshot.Get("n1")!.Pods);
    }

    [Fact]
    public void Nodes_With_Affinity_Pods_Are_Listed()
    {
        var cache = new SchedulerCache();
        cache.AddNode(Node("n1"));
        cache.AddNode(Node("n2"));
        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);
        var pod = Pod("p", node: "n2", labels: Labels("app=web"));
        pod.Spec.Affinity = new k8s.Models.V1Affinity
        {
            PodAntiAffinity = new k8s.Models.V1PodAntiAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution =
                [
                    new k8s.Models.V1PodAffinityTerm { TopologyKey = "kubernetes.io/hostname", LabelSelector = new k8s.Models.V1LabelSelector { MatchLabels = Labels("app=web") } },
                ],
            },
        };
        cache.AddPod(pod);
        cache.UpdateSnapshot(snapshot);
        Assert.Equal(["n2"], snapshot.HavePodsWithRequiredAntiAffinity.Select(n => n.Name));
        Assert.Equal(["n2"], snapshot.HavePodsWithAffinity.Select(n => n.Name));
    }
}
