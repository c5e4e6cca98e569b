using System.Text.Json.Nodes;
using k8s.Models;

namespace KubeSharp.Kubelet.Nodes;

/// <summary>
/// The node's Lease in kube-node-lease, as upstream's node lease controller keeps it: named after
/// the node, held by it, owned by the Node (so the garbage collector deletes it with the node).
/// </summary>
internal static class NodeLeases
{
    public const string Namespace = "kube-node-lease";

    /// <summary>A new lease; without the Node's uid (not known yet) it has no owner, as upstream when the Node cannot be read.</summary>
    public static V1Lease Lease(string nodeName, string? nodeUid, TimeSpan duration, DateTimeOffset now) => new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = new V1ObjectMeta
        {
            Name = nodeName,
            NamespaceProperty = Namespace,
            OwnerReferences = nodeUid is null ? null : [Owner(nodeName, nodeUid)],
        },
        Spec = Spec(nodeName, duration, now),
    };

    /// <summary>A renewal: holder, duration and renewTime (a merge patch: no read, no conflict).</summary>
    public static string RenewPatch(string nodeName, TimeSpan duration, DateTimeOffset now) =>
        new JsonObject { ["spec"] = ModelJson.From(Spec(nodeName, duration, now)) }.ToJsonString();

    /// <summary>Taking over a lease left from before (this node's earlier run, or an older Node of the same name): the renewal plus this Node as owner.</summary>
    public static string TakeOverPatch(string nodeName, string? nodeUid, TimeSpan duration, DateTimeOffset now)
    {
        var patch = new JsonObject { ["spec"] = ModelJson.From(Spec(nodeName, duration, now)) };
        if (nodeUid is not null)
        {
            patch["metadata"] = new JsonObject { ["ownerReferences"] = ModelJson.From(new List<V1OwnerReference> { Owner(nodeName, nodeUid) }) };
        }

        return patch.ToJsonString();
    }

    private static V1LeaseSpec Spec(string nodeName, TimeSpan duration, DateTimeOffset now) => new()
    {
        HolderIdentity = nodeName,
        LeaseDurationSeconds = (int)duration.TotalSeconds,
        RenewTime = now.UtcDateTime,
    };

    private static V1OwnerReference Owner(string nodeName, string nodeUid) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Name = nodeName,
        Uid = nodeUid,
    };
}
