using k8s.Models;

namespace KubeSharp.Controllers.Deployment;

/// <summary>
/// recreate.go: all old ReplicaSets go to 0, then nothing happens until no old pod is running
/// (a pod deletion brings the Deployment back), then the new ReplicaSet is created or scaled to
/// all replicas at once.
/// </summary>
public sealed partial class DeploymentController
{
    private async Task RolloutRecreateAsync(V1Deployment d, List<V1ReplicaSet> rsList, CancellationToken cancellationToken)
    {
        var podMap = GetPodMapForDeployment(d, rsList);

        // The new ReplicaSet is not created yet: it would scale up before the old ones are down.
        var (newRS, oldRSs) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, createIfNotExisted: false, cancellationToken);
        List<V1ReplicaSet?> allRSs = [.. oldRSs, newRS];
        if (await ScaleDownOldReplicaSetsForRecreateAsync(ReplicaSetLists.FilterActive(oldRSs), d, cancellationToken)
            || OldPodsRunning(newRS, oldRSs, podMap))
        {
            await SyncRolloutStatusAsync(allRSs, newRS, d, cancellationToken);
            return;
        }

        if (newRS is null)
        {
            (newRS, oldRSs) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, createIfNotExisted: true, cancellationToken);
            allRSs = [.. oldRSs, newRS];
        }

        if (newRS is not null)
        {
            await ScaleReplicaSetAndRecordEventAsync(newRS, Deployments.Replicas(d), d, cancellationToken);
        }

        if (DeploymentConditions.DeploymentComplete(d, d.Status))
        {
            await CleanupDeploymentAsync(oldRSs, d, cancellationToken);
        }

        await SyncRolloutStatusAsync(allRSs, newRS, d, cancellationToken);
    }

    /// <summary>
    /// oldPodsRunning: an old ReplicaSet still counts pods, or an old pod is not Succeeded or Failed
    /// (Unknown included: it may still run).
    /// </summary>
    internal static bool OldPodsRunning(V1ReplicaSet? newRS, IEnumerable<V1ReplicaSet> oldRSs, Dictionary<string, List<V1Pod>> podMap)
    {
        if (ReplicaSetLists.ActualReplicaCount(oldRSs) > 0)
        {
            return true;
        }

        foreach (var (uid, pods) in podMap)
        {
            if (newRS is not null && newRS.Metadata.Uid == uid)
            {
                continue;
            }

            if (pods.Any(pod => pod.Status?.Phase is not ("Succeeded" or "Failed")))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>scaleDownOldReplicaSetsForRecreate: true if any was scaled down.</summary>
    private async Task<bool> ScaleDownOldReplicaSetsForRecreateAsync(List<V1ReplicaSet> oldRSs, V1Deployment d, CancellationToken cancellationToken)
    {
        var scaled = false;
        for (var i = 0; i < oldRSs.Count; i++)
        {
            if (Deployments.Replicas(oldRSs[i]) == 0)
            {
                continue;
            }

            var (scaledDown, updated) = await ScaleReplicaSetAndRecordEventAsync(oldRSs[i], 0, d, cancellationToken);
            if (scaledDown)
            {
                oldRSs[i] = updated;
                scaled = true;
            }
        }

        return scaled;
    }
}
