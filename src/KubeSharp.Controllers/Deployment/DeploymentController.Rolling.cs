using System.Globalization;
using k8s.Autorest;
using k8s.Models;

namespace KubeSharp.Controllers.Deployment;

/// <summary>
/// rolling.go: each sync either scales the new ReplicaSet up (total pods at most replicas +
/// maxSurge) or the old ones down (available pods at least replicas - maxUnavailable), then
/// updates the status; the rollout advances as the ReplicaSets' statuses change.
/// </summary>
public sealed partial class DeploymentController
{
    private async Task RolloutRollingAsync(V1Deployment d, List<V1ReplicaSet> rsList, CancellationToken cancellationToken)
    {
        var (created, oldRSs) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, createIfNotExisted: true, cancellationToken);
        var newRS = created ?? throw new InvalidOperationException("the new ReplicaSet was neither found nor created");
        List<V1ReplicaSet?> allRSs = [.. oldRSs, newRS];

        if (await ReconcileNewReplicaSetAsync(allRSs, newRS, d, cancellationToken)
            || await ReconcileOldReplicaSetsAsync(allRSs, ReplicaSetLists.FilterActive(oldRSs), newRS, d, cancellationToken))
        {
            await SyncRolloutStatusAsync(allRSs, newRS, d, cancellationToken);
            return;
        }

        if (DeploymentConditions.DeploymentComplete(d, d.Status))
        {
            await CleanupDeploymentAsync(oldRSs, d, cancellationToken);
        }

        await SyncRolloutStatusAsync(allRSs, newRS, d, cancellationToken);
    }

    /// <summary>reconcileNewReplicaSet: true if the new ReplicaSet was resized.</summary>
    private async Task<bool> ReconcileNewReplicaSetAsync(IReadOnlyList<V1ReplicaSet?> allRSs, V1ReplicaSet newRS, V1Deployment d, CancellationToken cancellationToken)
    {
        var replicas = Deployments.Replicas(d);
        var current = Deployments.Replicas(newRS);
        if (current == replicas)
        {
            return false;
        }

        var target = current > replicas ? replicas : ReplicaCounts.NewRSNewReplicas(d, allRSs, newRS);
        var (scaled, _) = await ScaleReplicaSetAndRecordEventAsync(newRS, target, d, cancellationToken);
        return scaled;
    }

    /// <summary>
    /// reconcileOldReplicaSets: how far the old ReplicaSets may shrink is all pods - minAvailable -
    /// the new ReplicaSet's unavailable pods (so new pods that never come up do not let old ones
    /// go). Unhealthy old pods go first, as removing them costs no availability. As upstream, a
    /// failed write here is not an error: the ReplicaSet's change brings the Deployment back.
    /// </summary>
    private async Task<bool> ReconcileOldReplicaSetsAsync(IReadOnlyList<V1ReplicaSet?> allRSs, List<V1ReplicaSet> oldRSs, V1ReplicaSet newRS, V1Deployment d, CancellationToken cancellationToken)
    {
        if (ReplicaSetLists.ReplicaCount(oldRSs) == 0)
        {
            return false;
        }

        var minAvailable = Deployments.Replicas(d) - Fenceposts.MaxUnavailable(d);
        var newRSUnavailablePodCount = Deployments.Replicas(newRS) - Deployments.AvailableReplicas(newRS);
        var maxScaledDown = ReplicaSetLists.ReplicaCount(allRSs) - minAvailable - newRSUnavailablePodCount;
        if (maxScaledDown <= 0)
        {
            return false;
        }

        try
        {
            var (cleaned, cleanupCount) = await CleanupUnhealthyReplicasAsync(oldRSs, d, maxScaledDown, cancellationToken);
            var scaledDownCount = await ScaleDownOldReplicaSetsForRollingUpdateAsync([.. cleaned, newRS], cleaned, d, cancellationToken);
            return cleanupCount + scaledDownCount > 0;
        }
        catch (Exception error) when (error is HttpOperationException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// cleanupUnhealthyReplicas: old ReplicaSets, oldest first, shrink by their unavailable pods, up
    /// to <paramref name="maxCleanupCount"/> in all (the ReplicaSet controller deletes not-ready
    /// pods first).
    /// </summary>
    private async Task<(List<V1ReplicaSet> OldRSs, int ScaledDown)> CleanupUnhealthyReplicasAsync(List<V1ReplicaSet> oldRSs, V1Deployment d, int maxCleanupCount, CancellationToken cancellationToken)
    {
        oldRSs.Sort(ReplicaSetOrder.ByCreationTimestamp);
        var totalScaledDown = 0;
        for (var i = 0; i < oldRSs.Count && totalScaledDown < maxCleanupCount; i++)
        {
            var target = oldRSs[i];
            var replicas = Deployments.Replicas(target);
            var available = Deployments.AvailableReplicas(target);
            if (replicas == 0 || replicas == available)
            {
                continue;
            }

            var scaledDownCount = Math.Min(maxCleanupCount - totalScaledDown, replicas - available);
            var newReplicasCount = replicas - scaledDownCount;
            if (newReplicasCount > replicas)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"when cleaning up unhealthy replicas, got invalid request to scale down {target.Metadata.NamespaceProperty}/{target.Metadata.Name} {replicas} -> {newReplicasCount}"));
            }

            var (_, updated) = await ScaleReplicaSetAndRecordEventAsync(target, newReplicasCount, d, cancellationToken);
            totalScaledDown += scaledDownCount;
            oldRSs[i] = updated;
        }

        return (oldRSs, totalScaledDown);
    }

    /// <summary>
    /// scaleDownOldReplicaSetsForRollingUpdate: old ReplicaSets, oldest first, shrink by as many
    /// pods as are available beyond replicas - maxUnavailable.
    /// </summary>
    private async Task<int> ScaleDownOldReplicaSetsForRollingUpdateAsync(IReadOnlyList<V1ReplicaSet?> allRSs, List<V1ReplicaSet> oldRSs, V1Deployment d, CancellationToken cancellationToken)
    {
        var minAvailable = Deployments.Replicas(d) - Fenceposts.MaxUnavailable(d);
        var availablePodCount = ReplicaSetLists.AvailableReplicaCount(allRSs);
        if (availablePodCount <= minAvailable)
        {
            return 0;
        }

        oldRSs.Sort(ReplicaSetOrder.ByCreationTimestamp);
        var totalScaledDown = 0;
        var totalScaleDownCount = availablePodCount - minAvailable;
        foreach (var target in oldRSs)
        {
            if (totalScaledDown >= totalScaleDownCount)
            {
                break;
            }

            var replicas = Deployments.Replicas(target);
            if (replicas == 0)
            {
                continue;
            }

            var scaleDownCount = Math.Min(replicas, totalScaleDownCount - totalScaledDown);
            var newReplicasCount = replicas - scaleDownCount;
            if (newReplicasCount > replicas)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"when scaling down old RS, got invalid request to scale down {target.Metadata.NamespaceProperty}/{target.Metadata.Name} {replicas} -> {newReplicasCount}"));
            }

            await ScaleReplicaSetAndRecordEventAsync(target, newReplicasCount, d, cancellationToken);
            totalScaledDown += scaleDownCount;
        }

        return totalScaledDown;
    }
}
