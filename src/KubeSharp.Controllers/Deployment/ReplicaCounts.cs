using k8s.Models;

namespace KubeSharp.Controllers.Deployment;

/// <summary>How many replicas a ReplicaSet should get: in a rollout (NewRSNewReplicas) and in a scaling event (GetReplicaSetProportion).</summary>
internal static class ReplicaCounts
{
    /// <summary>
    /// NewRSNewReplicas: rolling, the new ReplicaSet grows while all ReplicaSets together stay within
    /// replicas + maxSurge, never past the desired replicas; Recreate, it gets all of them at once.
    /// </summary>
    /// <exception cref="FormatException">maxSurge is missing or invalid.</exception>
    /// <exception cref="InvalidOperationException">An unknown strategy.</exception>
    public static int NewRSNewReplicas(V1Deployment d, IEnumerable<V1ReplicaSet?> allRSs, V1ReplicaSet newRS)
    {
        var replicas = Deployments.Replicas(d);
        switch (d.Spec?.Strategy?.Type)
        {
            case Deployments.RollingUpdateStrategy:
            {
                var maxSurge = Fenceposts.ScaledValue(d.Spec.Strategy.RollingUpdate?.MaxSurge, replicas, roundUp: true);
                var currentPodCount = ReplicaSetLists.ReplicaCount(allRSs);
                var maxTotalPods = replicas + maxSurge;
                var current = Deployments.Replicas(newRS);
                if (currentPodCount >= maxTotalPods)
                {
                    return current;
                }

                return current + Math.Min(maxTotalPods - currentPodCount, replicas - current);
            }

            case Deployments.RecreateStrategy:
                return replicas;
            default:
                throw new InvalidOperationException($"deployment type {d.Spec?.Strategy?.Type} isn't supported");
        }
    }

    /// <summary>
    /// IsSaturated: the ReplicaSet has all the Deployment's replicas, believes so (desired-replicas),
    /// and all of them are available.
    /// </summary>
    public static bool IsSaturated(V1Deployment d, V1ReplicaSet? rs)
    {
        if (rs is null || ReplicaSetAnnotations.GetDesiredReplicas(rs) is not { } desired)
        {
            return false;
        }

        var replicas = Deployments.Replicas(d);
        return Deployments.Replicas(rs) == replicas && desired == replicas && Deployments.AvailableReplicas(rs) == replicas;
    }

    /// <summary>
    /// GetReplicaSetProportion: the replicas to add to (or, negative, remove from) one ReplicaSet in
    /// a scaling event, its share of the Deployment's new size, never more than is left to add.
    /// </summary>
    public static int GetReplicaSetProportion(V1ReplicaSet? rs, V1Deployment d, int deploymentReplicasToAdd, int deploymentReplicasAdded)
    {
        if (rs is null || Deployments.Replicas(rs) == 0 || deploymentReplicasToAdd == 0 || deploymentReplicasToAdd == deploymentReplicasAdded)
        {
            return 0;
        }

        var fraction = GetReplicaSetFraction(rs, d);
        var allowed = deploymentReplicasToAdd - deploymentReplicasAdded;

        // Scaling up, never add more than allowed; scaling down, never remove more.
        return deploymentReplicasToAdd > 0 ? Math.Min(fraction, allowed) : Math.Max(fraction, allowed);
    }

    /// <summary>
    /// getReplicaSetFraction: the ReplicaSet's size scaled by (new replicas + surge) / (replicas + surge
    /// at its last scaling, the max-replicas annotation), minus its size.
    /// </summary>
    private static int GetReplicaSetFraction(V1ReplicaSet rs, V1Deployment d)
    {
        var replicas = Deployments.Replicas(d);
        var size = Deployments.Replicas(rs);
        if (replicas == 0)
        {
            // Scaling to zero: all of it goes.
            return -size;
        }

        var deploymentMaxReplicas = replicas + Fenceposts.MaxSurge(d);
        var before = ReplicaSetAnnotations.GetMaxReplicas(rs) ?? 0;
        if (before == 0)
        {
            // No annotation: the Deployment's current size is the best guess; without that there is none.
            before = d.Status?.Replicas ?? 0;
            if (before == 0)
            {
                return 0;
            }
        }

        return RoundToInt32((double)(size * deploymentMaxReplicas) / before) - size;
    }

    /// <summary>integer.RoundToInt32: halves away from zero.</summary>
    private static int RoundToInt32(double value) => (int)(value < 0 ? value - 0.5 : value + 0.5);
}
