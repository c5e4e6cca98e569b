using k8s.Models;
using KubeSharp.Controllers.Shared;

namespace KubeSharp.Controllers.PodGarbageCollector;

/// <summary>Which pods each of the pod garbage collector's passes deletes (upstream's gc_controller.go), from cached pods and nodes alone.</summary>
internal static class PodGcSelection
{
    /// <summary>v1.TaintNodeOutOfService: the node is known to be shut down, its pods will never be finished off by a kubelet.</summary>
    public const string OutOfServiceTaint = "node.kubernetes.io/out-of-service";

    /// <summary>Terminated pods beyond the threshold, evicted ones first, then oldest first; none when the threshold is off (0 or less).</summary>
    public static List<V1Pod> TerminatedToDelete(IEnumerable<V1Pod> pods, int threshold)
    {
        if (threshold <= 0)
        {
            return [];
        }

        var terminated = pods.Where(PodStates.IsTerminal).ToList();
        var excess = terminated.Count - threshold;
        if (excess <= 0)
        {
            return [];
        }

        return [.. terminated.OrderBy(pod => pod, EvictionThenCreation).Take(excess)];
    }

    /// <summary>Terminating pods on nodes that are not ready and tainted out-of-service: their kubelet is gone for good.</summary>
    public static List<V1Pod> TerminatingOnOutOfServiceNodes(IEnumerable<V1Pod> pods, IReadOnlyDictionary<string, V1Node> nodes) =>
    [
        .. pods
            .Where(pod => pod.Metadata.DeletionTimestamp is not null
                && nodes.TryGetValue(pod.Spec?.NodeName ?? string.Empty, out var node)
                && !IsNodeReady(node)
                && node.Spec?.Taints?.Any(taint => taint.Key == OutOfServiceTaint) == true)
            .OrderBy(pod => pod, EvictionThenCreation),
    ];

    /// <summary>Names of nodes pods are bound to that the node cache does not have: candidates for the orphan check.</summary>
    public static HashSet<string> MissingNodes(IEnumerable<V1Pod> pods, IReadOnlySet<string> existingNodes) =>
        pods.Select(pod => pod.Spec?.NodeName).OfType<string>().Where(name => name.Length > 0 && !existingNodes.Contains(name)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Pods bound to nodes confirmed deleted.</summary>
    public static List<V1Pod> Orphaned(IEnumerable<V1Pod> pods, IReadOnlySet<string> deletedNodes) =>
        [.. pods.Where(pod => pod.Spec?.NodeName is { Length: > 0 } node && deletedNodes.Contains(node))];

    /// <summary>Pods being deleted that were never scheduled: no kubelet will ever finish their deletion.</summary>
    public static List<V1Pod> UnscheduledTerminating(IEnumerable<V1Pod> pods) =>
        [.. pods.Where(pod => pod.Metadata.DeletionTimestamp is not null && string.IsNullOrEmpty(pod.Spec?.NodeName))];

    /// <summary>upstream's byEvictionAndCreationTimestamp: evicted pods first (so pods of controllers survive longer), then oldest, then by name.</summary>
    public static IComparer<V1Pod> EvictionThenCreation { get; } = Comparer<V1Pod>.Create((a, b) =>
    {
        var evicted = IsEvicted(b).CompareTo(IsEvicted(a));
        if (evicted != 0)
        {
            return evicted;
        }

        var created = Nullable.Compare(a.Metadata.CreationTimestamp, b.Metadata.CreationTimestamp);
        return created != 0 ? created : string.CompareOrdinal(a.Metadata.Name, b.Metadata.Name);
    });

    /// <summary>eviction.PodIsEvicted: failed with reason Evicted.</summary>
    public static bool IsEvicted(V1Pod pod) => pod.Status is { Phase: "Failed", Reason: "Evicted" };

    public static bool IsNodeReady(V1Node node) => node.Status?.Conditions?.Any(condition => condition.Type == "Ready" && condition.Status == "True") == true;
}
