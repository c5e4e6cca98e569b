using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Simulator.Nodes;
using KubeSharp.TestSupport;

namespace KubeSharp.Simulator.Tests;

/// <summary>The simulator in-process against a real `kubesharp server`, checked with kubectl and the C# client.</summary>
public sealed class NodeSimulatorTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Nodes_register_ready_in_zones_renew_their_leases_and_are_deleted_on_exit()
    {
        using var client = Client();
        var kubectl = _server.Kubectl;
        await using var run = new SimulatorRun(client, Options());
        await run.Simulator.Ready.WaitAsync(Patience);

        var rows = (await kubectl.OkAsync("get nodes -l kubesharp.io/simulated=true --no-headers"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        Assert.Equal(["sim-node-0", "sim-node-1", "sim-node-2"], rows.Select(row => row[0]).Order());
        Assert.All(rows, row => Assert.Equal("Ready", row[1]));
        Assert.All(rows, row => Assert.Equal(NodeObjects.KubeletVersion, row[^1]));
        var zones = await kubectl.OkAsync(
            "get nodes -l kubesharp.io/simulated=true -o jsonpath='{range .items[*]}{.metadata.name}={.metadata.labels.topology\\.kubernetes\\.io/zone} {end}'");
        Assert.Equal(["sim-node-0=zone-a", "sim-node-1=zone-b", "sim-node-2=zone-c"], zones.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order());

        // The node lifecycle controller lifts the not-ready taint once the node is Ready.
        await Wait.UntilAsync(
            async () => (await client.CoreV1.ReadNodeAsync("sim-node-0")).Spec.Taints?.Any(t => t.Key == "node.kubernetes.io/not-ready") != true,
            Patience,
            "the not-ready taint to be lifted");
        var node = await client.CoreV1.ReadNodeAsync("sim-node-0");
        Assert.Contains(node.Status.Addresses, a => a.Type == "InternalIP" && a.Address == "10.255.0.1");
        var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync("sim-node-0", SimulatorMetadata.LeaseNamespace);
        Assert.Equal(("sim-node-0", 40), (lease.Spec.HolderIdentity, lease.Spec.LeaseDurationSeconds ?? 0));
        var owner = Assert.Single(lease.Metadata.OwnerReferences);
        Assert.Equal(("Node", "sim-node-0", node.Metadata.Uid), (owner.Kind, owner.Name, owner.Uid));
        await RenewedAsync(client, "sim-node-0", times: 2);

        await run.StopAsync();

        Assert.Empty((await client.CoreV1.ListNodeAsync(labelSelector: SimulatorMetadata.SimulatedLabel + "=true")).Items);
        Assert.Empty((await client.CoordinationV1.ListNamespacedLeaseAsync(SimulatorMetadata.LeaseNamespace)).Items);
    }

    [Fact]
    public async Task Pods_bound_to_a_simulated_node_run_end_as_annotated_and_go_once_deleted()
    {
        using var client = Client();
        await using var run = new SimulatorRun(client, Options() with { PodStartDelay = TimeSpan.Zero, MaxGrace = TimeSpan.FromSeconds(1) });
        await run.Simulator.Ready.WaitAsync(Patience);
        var ns = $"sim-{Guid.NewGuid():N}"[..12];
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        try
        {
            await client.CoreV1.CreateNamespacedPodAsync(Pod("web", "sim-node-1"), ns);
            var host = Pod("host", "sim-node-2");
            host.Spec.HostNetwork = true;
            await client.CoreV1.CreateNamespacedPodAsync(host, ns);
            await client.CoreV1.CreateNamespacedPodAsync(Pod("done", "sim-node-0", exitCode: 0), ns);
            await client.CoreV1.CreateNamespacedPodAsync(Pod("crash", "sim-node-0", exitCode: 3), ns);

            var web = await PhaseAsync(client, ns, "web", "Running");
            Assert.StartsWith("10.42.", web.Status.PodIP, StringComparison.Ordinal);
            Assert.Equal(web.Status.PodIP, Assert.Single(web.Status.PodIPs).Ip);
            Assert.Equal("10.255.0.2", web.Status.HostIP);
            Assert.Contains(web.Status.Conditions, c => c.Type == "Ready" && c.Status == "True");
            var container = Assert.Single(web.Status.ContainerStatuses);
            Assert.True(container.Ready);
            Assert.NotNull(container.State.Running);
            Assert.Equal($"sim://{web.Metadata.Uid}/c", container.ContainerID);
            Assert.Equal("10.255.0.3", (await PhaseAsync(client, ns, "host", "Running")).Status.PodIP);
            await PhaseAsync(client, ns, "done", "Succeeded");
            var crashed = await PhaseAsync(client, ns, "crash", "Failed");
            Assert.Equal(3, Assert.Single(crashed.Status.ContainerStatuses).State.Terminated.ExitCode);

            // The default 30 s grace is cut to MaxGrace, after which the simulator deletes the pod for real.
            var terminating = await client.CoreV1.DeleteNamespacedPodAsync("web", ns);
            Assert.NotNull(terminating.Metadata.DeletionTimestamp);
            await Wait.UntilAsync(() => IsGoneAsync(() => client.CoreV1.ReadNamespacedPodAsync("web", ns)), Patience, "the terminating pod to be deleted");
        }
        finally
        {
            await client.CoreV1.DeleteNamespaceAsync(ns);
        }

        // Emptying the namespace needs the simulator to finish the running pod's termination too.
        await Wait.UntilAsync(() => IsGoneAsync(() => client.CoreV1.ReadNamespaceAsync(ns)), Patience, "the namespace to be deleted");
    }

    [Fact]
    public async Task A_stopped_heartbeat_no_longer_renews_the_lease_until_resumed()
    {
        using var client = Client();
        var kubectl = _server.Kubectl;
        await using var run = new SimulatorRun(client, Options());
        await run.Simulator.Ready.WaitAsync(Patience);

        Assert.True(run.Simulator.StopHeartbeat("sim-node-2"));
        Assert.False(run.Simulator.StopHeartbeat("no-such-node"));
        await kubectl.OkAsync($"annotate node sim-node-1 {SimulatorMetadata.HeartbeatAnnotation}={SimulatorMetadata.HeartbeatStopped}");

        // Once the live node has renewed twice, any renewal that was in flight when they stopped has landed.
        await RenewedAsync(client, "sim-node-0", times: 2);
        var stopped = await RenewTimeAsync(client, "sim-node-2");
        var annotated = await RenewTimeAsync(client, "sim-node-1");
        await RenewedAsync(client, "sim-node-0", times: 2);
        Assert.Equal(stopped, await RenewTimeAsync(client, "sim-node-2"));
        Assert.Equal(annotated, await RenewTimeAsync(client, "sim-node-1"));

        Assert.True(run.Simulator.ResumeHeartbeat("sim-node-2"));
        await kubectl.OkAsync($"annotate node sim-node-1 {SimulatorMetadata.HeartbeatAnnotation}-");
        await RenewedAsync(client, "sim-node-2", times: 1);
        await RenewedAsync(client, "sim-node-1", times: 1);
    }

    private static SimulatorOptions Options() => new()
    {
        Nodes = 3,
        HeartbeatInterval = TimeSpan.FromSeconds(1),
        StatusInterval = TimeSpan.FromSeconds(2),
        DeleteNodesOnExit = true,
    };

    private static V1Pod Pod(string name, string node, int? exitCode = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Annotations = exitCode is { } code ? new Dictionary<string, string> { [SimulatorMetadata.ExitCodeAnnotation] = code.ToString(System.Globalization.CultureInfo.InvariantCulture) } : null,
        },
        Spec = new V1PodSpec
        {
            NodeName = node,
            RestartPolicy = exitCode is null ? "Always" : "Never",
            Containers = [new V1Container { Name = "c", Image = "localhost/busybox:1.35" }],
        },
    };

    private static async Task<V1Pod> PhaseAsync(IKubernetes client, string ns, string name, string phase)
    {
        V1Pod pod = null!;
        await Wait.UntilAsync(
            async () => (pod = await client.CoreV1.ReadNamespacedPodAsync(name, ns)).Status?.Phase == phase,
            Patience,
            $"pod {name} to be {phase}");
        return pod;
    }

    private static async Task<bool> IsGoneAsync(Func<Task> read)
    {
        try
        {
            await read();
            return false;
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return true;
        }
    }

    private static async Task<DateTime?> RenewTimeAsync(IKubernetes client, string node) =>
        (await client.CoordinationV1.ReadNamespacedLeaseAsync(node, SimulatorMetadata.LeaseNamespace)).Spec.RenewTime;

    private static async Task RenewedAsync(IKubernetes client, string node, int times)
    {
        for (var i = 0; i < times; i++)
        {
            var before = await RenewTimeAsync(client, node);
            await Wait.UntilAsync(async () => await RenewTimeAsync(client, node) > before, Patience, $"{node}'s lease to be renewed");
        }
    }

    private Kubernetes Client() => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.Kubeconfig));
}
