using System.Text.Json.Nodes;
using KubeSharp.Kubelet.Nodes;

namespace KubeSharp.Kubelet.Tests.Nodes;

public sealed class NodeLeasesTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void The_lease_is_held_and_owned_by_the_node()
    {
        var lease = NodeLeases.Lease("n1", "uid-1", TimeSpan.FromSeconds(40), Now);

        Assert.Equal(("n1", "kube-node-lease"), (lease.Metadata.Name, lease.Metadata.NamespaceProperty));
        Assert.Equal("n1", lease.Spec.HolderIdentity);
        Assert.Equal(40, lease.Spec.LeaseDurationSeconds);
        Assert.Equal(Now.UtcDateTime, lease.Spec.RenewTime);
        var owner = Assert.Single(lease.Metadata.OwnerReferences);
        Assert.Equal(("v1", "Node", "n1", "uid-1"), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid));
    }

    [Fact]
    public void Without_the_node_uid_the_lease_has_no_owner()
    {
        Assert.Null(NodeLeases.Lease("n1", null, TimeSpan.FromSeconds(40), Now).Metadata.OwnerReferences);
    }

    [Fact]
    public void A_renewal_patches_only_the_spec()
    {
        var patch = JsonNode.Parse(NodeLeases.RenewPatch("n1", TimeSpan.FromSeconds(40), Now))!.AsObject();

        Assert.Equal(["spec"], patch.Select(p => p.Key));
        Assert.Equal("n1", patch["spec"]!["holderIdentity"]!.GetValue<string>());
        Assert.Equal(40, patch["spec"]!["leaseDurationSeconds"]!.GetValue<int>());
        Assert.NotNull(patch["spec"]!["renewTime"]);
    }

    [Fact]
    public void Taking_over_also_sets_the_owner()
    {
        var patch = JsonNode.Parse(NodeLeases.TakeOverPatch("n1", "uid-1", TimeSpan.FromSeconds(40), Now))!;

        Assert.Equal("uid-1", patch["metadata"]!["ownerReferences"]![0]!["uid"]!.GetValue<string>());
        Assert.Equal("n1", patch["spec"]!["holderIdentity"]!.GetValue<string>());
    }
}
