using System.Globalization;
using k8s.Models;
using KubeSharp.Controllers.Shared;

namespace KubeSharp.Controllers.ReplicaSet;

/// <summary>
/// getPodsToDelete: which pods go first when scaling down, as upstream ranks them: unscheduled
/// before scheduled, pending before unknown before running, not ready before ready, lower
/// pod-deletion-cost first, pods on nodes crowded with the same ReplicaSet's pods first, then the
/// most recently ready, the most restarted and the newest.
/// </summary>
internal static class PodsToDelete
{
    public const string DeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    public static List<V1Pod> Choose(List<V1Pod> owned, int count, DateTimeOffset now)
    {
        // Rank: how many of these pods share the pod's node (upstream counts related pods on the node).
        var perNode = owned.Where(pod => !string.IsNullOrEmpty(pod.Spec?.NodeName))
            .GroupBy(pod => pod.Spec.NodeName, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        return owned
            .OrderBy(pod => string.IsNullOrEmpty(pod.Spec?.NodeName) ? 0 : 1)
            .ThenBy(pod => PhaseRank(pod.Status?.Phase))
            .ThenBy(pod => PodStates.IsReady(pod) ? 1 : 0)
            .ThenBy(DeletionCost)
            .ThenByDescending(pod => string.IsNullOrEmpty(pod.Spec?.NodeName) ? 0 : perNode.GetValueOrDefault(pod.Spec.NodeName))
            .ThenByDescending(pod => PodStates.ReadyCondition(pod)?.LastTransitionTime ?? now.UtcDateTime)
            .ThenByDescending(pod => pod.Status?.ContainerStatuses?.Sum(status => status.RestartCount) ?? 0)
            .ThenByDescending(pod => pod.Metadata.CreationTimestamp ?? now.UtcDateTime)
            .Take(count)
            .ToList();
    }

    private static int PhaseRank(string? phase) => phase switch
    {
        "Pending" => 0,
        "Unknown" or null => 1,
        _ => 2,
    };

    private static long DeletionCost(V1Pod pod) =>
        pod.Metadata.Annotations?.TryGetValue(DeletionCostAnnotation, out var text) == true
        && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var cost)
            ? cost
            : 0;
}
