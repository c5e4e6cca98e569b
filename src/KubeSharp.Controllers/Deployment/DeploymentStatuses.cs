using k8s;
using k8s.Models;

namespace KubeSharp.Controllers.Deployment;

/// <summary>calculateStatus: the Deployment's status from its ReplicaSets' statuses, and whether it differs from the stored one.</summary>
internal static class DeploymentStatuses
{
    /// <summary>
    /// Counts summed over the ReplicaSets (updated = the new one's), the Deployment's conditions
    /// carried over, and Available set by whether replicas - maxUnavailable pods are available.
    /// </summary>
    public static V1DeploymentStatus Calculate(IReadOnlyList<V1ReplicaSet?> allRSs, V1ReplicaSet? newRS, V1Deployment d, DateTimeOffset now)
    {
        var available = ReplicaSetLists.AvailableReplicaCount(allRSs);

        // More available than desired (scaling down) is not negative unavailability.
        var unavailable = Math.Max(ReplicaSetLists.ReplicaCount(allRSs) - available, 0);
        var status = new V1DeploymentStatus
        {
            ObservedGeneration = d.Metadata?.Generation,
            Replicas = OmitZero(ReplicaSetLists.ActualReplicaCount(allRSs)),
            UpdatedReplicas = OmitZero(ReplicaSetLists.ActualReplicaCount([newRS])),
            ReadyReplicas = OmitZero(ReplicaSetLists.ReadyReplicaCount(allRSs)),
            AvailableReplicas = OmitZero(available),
            UnavailableReplicas = OmitZero(unavailable),
            CollisionCount = d.Status?.CollisionCount,
            Conditions = d.Status?.Conditions?.ToList(),
        };

        var condition = available >= Deployments.Replicas(d) - Fenceposts.MaxUnavailable(d)
            ? DeploymentConditions.New(DeploymentConditions.Available, DeploymentConditions.True, DeploymentConditions.MinimumReplicasAvailable, "Deployment has minimum availability.", now)
            : DeploymentConditions.New(DeploymentConditions.Available, DeploymentConditions.False, DeploymentConditions.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", now);
        DeploymentConditions.Set(status, condition);
        return status;
    }

    /// <summary>Equal as upstream's reflect.DeepEqual of two statuses is: an absent count is 0.</summary>
    public static bool Same(V1DeploymentStatus? a, V1DeploymentStatus b) =>
        (a?.ObservedGeneration ?? 0) == (b.ObservedGeneration ?? 0)
        && (a?.Replicas ?? 0) == (b.Replicas ?? 0)
        && (a?.UpdatedReplicas ?? 0) == (b.UpdatedReplicas ?? 0)
        && (a?.ReadyReplicas ?? 0) == (b.ReadyReplicas ?? 0)
        && (a?.AvailableReplicas ?? 0) == (b.AvailableReplicas ?? 0)
        && (a?.UnavailableReplicas ?? 0) == (b.UnavailableReplicas ?? 0)
        && a?.CollisionCount == b.CollisionCount
        && ConditionsJson(a?.Conditions) == ConditionsJson(b.Conditions);

    /// <summary>Upstream's status counts are omitempty: a 0 is left out of what is written.</summary>
    private static int? OmitZero(int value) => value == 0 ? null : value;

    private static string ConditionsJson(IList<V1DeploymentCondition>? conditions) =>
        conditions is { Count: > 0 } ? KubernetesJson.Serialize(conditions) : "[]";
}
