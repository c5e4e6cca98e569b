using k8s.Models;

namespace KubeSharp.Controllers.Deployment;

/// <summary>upstream's ReplicaSet sort orders, as comparisons for List.Sort.</summary>
internal static class ReplicaSetOrder
{
    /// <summary>ReplicaSetsByCreationTimestamp: oldest first, names breaking ties.</summary>
    public static int ByCreationTimestamp(V1ReplicaSet a, V1ReplicaSet b)
    {
        var byTime = Created(a).CompareTo(Created(b));
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Metadata.Name, b.Metadata.Name);
    }

    /// <summary>ByCreationTimestamp reversed: newest first.</summary>
    public static int NewestFirst(V1ReplicaSet a, V1ReplicaSet b) => ByCreationTimestamp(b, a);

    /// <summary>ReplicaSetsByRevision: lowest revision first; equal or unparsable revisions by creation.</summary>
    public static int ByRevision(V1ReplicaSet a, V1ReplicaSet b) =>
        ReplicaSetAnnotations.TryGetRevision(a, out var first) && ReplicaSetAnnotations.TryGetRevision(b, out var second) && first != second
            ? first.CompareTo(second)
            : ByCreationTimestamp(a, b);

    /// <summary>ReplicaSetsBySizeOlder: largest first; equal sizes oldest first (scaling down).</summary>
    public static int BySizeOlder(V1ReplicaSet a, V1ReplicaSet b)
    {
        var bySize = Deployments.Replicas(b).CompareTo(Deployments.Replicas(a));
        return bySize != 0 ? bySize : ByCreationTimestamp(a, b);
    }

    /// <summary>ReplicaSetsBySizeNewer: largest first; equal sizes newest first (scaling up).</summary>
    public static int BySizeNewer(V1ReplicaSet a, V1ReplicaSet b)
    {
        var bySize = Deployments.Replicas(b).CompareTo(Deployments.Replicas(a));
        return bySize != 0 ? bySize : ByCreationTimestamp(b, a);
    }

    private static DateTime Created(V1ReplicaSet rs) => rs.Metadata.CreationTimestamp ?? DateTime.MinValue;
}
