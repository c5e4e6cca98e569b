using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Simulator.Addresses;
using KubeSharp.Simulator.Nodes;

namespace KubeSharp.Simulator.Tests.Nodes;

public sealed class NodeObjectsTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void A_node_carries_the_kubelet_labels_capacity_addresses_and_ready_conditions()
    {
        var options = new SimulatorOptions { Cpu = "8", Memory = "16Gi", Pods = 50, Labels = new Dictionary<string, string> { ["team"] = "a" } };
        var node = NodeObjects.Node(options, Simulated(4), Now);

        Assert.Equal("sim-node-4", node.Metadata.Name);
        Assert.Equal("sim-node-4", node.Metadata.Labels["kubernetes.io/hostname"]);
        Assert.Equal("zone-b", node.Metadata.Labels["topology.kubernetes.io/zone"]);
        Assert.Equal("true", node.Metadata.Labels[SimulatorMetadata.SimulatedLabel]);
        Assert.Equal("a", node.Metadata.Labels["team"]);
        Assert.Equal("8", node.Status.Capacity["cpu"].ToString());
        Assert.Equal("16Gi", node.Status.Allocatable["memory"].ToString());
        Assert.Equal("50", node.Status.Capacity["pods"].ToString());
        Assert.Contains(node.Status.Addresses, a => a.Type == "InternalIP" && a.Address == "10.255.0.5");
        Assert.Contains(node.Status.Addresses, a => a.Type == "Hostname" && a.Address == "sim-node-4");
        Assert.Equal(10250, node.Status.DaemonEndpoints.KubeletEndpoint.Port);
        Assert.Equal(NodeObjects.KubeletVersion, node.Status.NodeInfo.KubeletVersion);
        Assert.Equal(
            ["MemoryPressure=False", "DiskPressure=False", "PIDPressure=False", "Ready=True"],
            node.Status.Conditions.Select(c => $"{c.Type}={c.Status}"));
        var ready = node.Status.Conditions.Single(c => c.Type == "Ready");
        Assert.Equal(("KubeletReady", "kubelet is posting ready status"), (ready.Reason, ready.Message));
    }

    [Fact]
    public void Zones_go_round_robin_from_zone_a()
    {
        Assert.Equal(["zone-a", "zone-b", "zone-c", "zone-a"], Enumerable.Range(0, 4).Select(i => NodeObjects.Zone(i, 3)));
        Assert.Equal("zone-a", NodeObjects.Zone(7, 1));
    }

    [Fact]
    public void Configured_taints_are_added_and_others_kept()
    {
        var configured = new List<V1Taint> { new() { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" } };
        var notReady = new V1Taint { Key = "node.kubernetes.io/not-ready", Effect = "NoSchedule" };

        var taints = NodeObjects.TaintsToSet([notReady], configured);

        Assert.Equal(["node.kubernetes.io/not-ready", "dedicated"], taints!.Select(t => t.Key));
        Assert.Null(NodeObjects.TaintsToSet(configured, configured));
        Assert.Null(NodeObjects.TaintsToSet(null, []));
        Assert.Single(NodeObjects.TaintsToSet(null, configured)!);
    }

    [Fact]
    public void The_heartbeat_patch_replaces_the_conditions_with_a_new_heartbeat_and_the_old_transition()
    {
        var node = Simulated(0);
        node.ReadySince = Now;

        var patch = JsonNode.Parse(NodeObjects.HeartbeatPatch(node, Now.AddSeconds(61.5)))!;

        var ready = patch["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!;
        Assert.Equal("True", (string?)ready["status"]);
        Assert.Equal("2025-01-02T03:05:06Z", (string?)ready["lastHeartbeatTime"]);
        Assert.Equal("2025-01-02T03:04:05Z", (string?)ready["lastTransitionTime"]);
    }

    [Fact]
    public void The_lease_is_held_by_the_node_and_owned_by_it()
    {
        var node = Simulated(1);
        node.Uid = "uid-1";

        var lease = NodeObjects.Lease(node, TimeSpan.FromSeconds(40), Now);

        Assert.Equal(("sim-node-1", SimulatorMetadata.LeaseNamespace), (lease.Metadata.Name, lease.Metadata.NamespaceProperty));
        Assert.Equal(("sim-node-1", 40), (lease.Spec.HolderIdentity, lease.Spec.LeaseDurationSeconds ?? 0));
        var owner = Assert.Single(lease.Metadata.OwnerReferences);
        Assert.Equal(("v1", "Node", "sim-node-1", "uid-1"), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid));
    }

    [Fact]
    public void Beats_keep_their_phase_and_skip_those_missed_while_behind()
    {
        var interval = TimeSpan.FromSeconds(10);

        Assert.Equal(Now.AddSeconds(10), NodeHeartbeat.Next(Now, interval, Now.AddSeconds(3)));
        Assert.Equal(Now.AddSeconds(40), NodeHeartbeat.Next(Now, interval, Now.AddSeconds(35)));
        Assert.Equal(Now.AddSeconds(40), NodeHeartbeat.Next(Now, interval, Now.AddSeconds(30)));
    }

    private static SimulatedNode Simulated(int index) => new($"sim-node-{index}", index, NodeAddresses.InternalIp(index));
}
