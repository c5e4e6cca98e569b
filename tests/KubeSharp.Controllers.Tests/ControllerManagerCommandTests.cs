using k8s;
using k8s.Models;
using KubeSharp.TestSupport;

namespace KubeSharp.Controllers.Tests;

/// <summary>`kubesharp controller-manager` as its own process, and its leader election.</summary>
public sealed class ControllerManagerCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_standalone_controller_manager_runs_the_controllers_it_is_not_told_to_disable()
    {
        await using var server = await ServerProcess.StartAsync("--disable-controller-manager", "--disable-scheduler");
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.Kubeconfig));
        var others = string.Join(',', ControllerDescriptors.Names.Where(name => name != "replicaset"));
        using var manager = KubeSharpProcess.Start("controller-manager", "--kubeconfig", server.Kubeconfig, "--disable", others);
        await manager.WaitForOutputAsync("controller manager starting", Patience);

        await client.AppsV1.CreateNamespacedReplicaSetAsync(
            new V1ReplicaSet
            {
                Metadata = new V1ObjectMeta { Name = "alone" },
                Spec = new V1ReplicaSetSpec
                {
                    Replicas = 2,
                    Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "alone" } },
                    Template = new V1PodTemplateSpec
                    {
                        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "alone" } },
                        Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] },
                    },
                },
            },
            "default");
        await Wait.UntilAsync(
            async () => (await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=alone")).Items.Count == 2,
            Patience,
            "the standalone replicaset controller to create 2 pods");

        manager.Terminate();
        Assert.Equal(0, await manager.WaitForExitAsync(Patience));
    }

    [Fact]
    public async Task A_second_controller_manager_waits_while_the_servers_holds_the_lease()
    {
        await using var server = await ServerProcess.StartAsync("--disable-scheduler");
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.Kubeconfig));
        V1Lease? lease = null;
        await Wait.UntilAsync(
            async () => (lease = (await client.CoordinationV1.ListNamespacedLeaseAsync("kube-system")).Items.FirstOrDefault(l => l.Metadata.Name == "kube-controller-manager")) is not null,
            Patience,
            "the server's controller manager to take its lease");
        using var standby = KubeSharpProcess.Start("controller-manager", "--kubeconfig", server.Kubeconfig);
        await standby.WaitForOutputAsync("controller manager starting", Patience);

        // Once the leader has renewed twice, the standby has had its chances to take the lease and must not have.
        var renewals = 0;
        var last = lease!.Spec.RenewTime;
        await Wait.UntilAsync(
            async () =>
            {
                var current = await client.CoordinationV1.ReadNamespacedLeaseAsync("kube-controller-manager", "kube-system");
                Assert.Equal(lease.Spec.HolderIdentity, current.Spec.HolderIdentity);
                if (current.Spec.RenewTime != last)
                {
                    renewals++;
                    last = current.Spec.RenewTime;
                }

                return renewals >= 2;
            },
            Patience,
            "the leader to renew twice");
        Assert.DoesNotContain("leads kube-controller-manager", standby.Output, StringComparison.Ordinal);
        standby.Terminate();
        Assert.Equal(0, await standby.WaitForExitAsync(Patience));
    }

    [Fact]
    public async Task An_unknown_controller_name_is_a_usage_error()
    {
        using var manager = KubeSharpProcess.Start("controller-manager", "--disable", "replicaset,no-such-controller");
        Assert.Equal(2, await manager.WaitForExitAsync(Patience));
        Assert.Contains("--disable: no controller named \"no-such-controller\"", manager.Output, StringComparison.Ordinal);
    }
}
