using k8s.Models;

namespace KubeSharp.Controllers.Deployment;

/// <summary>
/// progress.go: during a rollout the Progressing condition says what happened last (new ReplicaSet
/// available, progressing, or past progressDeadlineSeconds), ReplicaSets' failures show on the
/// Deployment, and a rollout showing no progress is looked at again when its deadline passes.
/// </summary>
public sealed partial class DeploymentController
{
    /// <summary>
    /// syncRolloutStatus. No progress is estimated for a complete rollout (a resync after it
    /// finished); a Progressing condition that is True keeps its transition time while progress
    /// only moves its update time on.
    /// </summary>
    private async Task SyncRolloutStatusAsync(IReadOnlyList<V1ReplicaSet?> allRSs, V1ReplicaSet? newRS, V1Deployment d, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var newStatus = DeploymentStatuses.Calculate(allRSs, newRS, d, now);
        if (!Deployments.HasProgressDeadline(d))
        {
            DeploymentConditions.Remove(newStatus, DeploymentConditions.Progressing);
        }

        var currentCondition = DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing);
        var isCompleteDeployment = (newStatus.Replicas ?? 0) == (newStatus.UpdatedReplicas ?? 0)
            && currentCondition?.Reason == DeploymentConditions.NewRSAvailableReason;
        if (Deployments.HasProgressDeadline(d) && !isCompleteDeployment)
        {
            var subject = newRS is null ? $"Deployment \"{d.Metadata.Name}\"" : $"ReplicaSet \"{newRS.Metadata.Name}\"";
            if (DeploymentConditions.DeploymentComplete(d, newStatus))
            {
                DeploymentConditions.Set(newStatus, DeploymentConditions.New(
                    DeploymentConditions.Progressing, DeploymentConditions.True, DeploymentConditions.NewRSAvailableReason, $"{subject} has successfully progressed.", now));
            }
            else if (DeploymentConditions.DeploymentProgressing(d, newStatus))
            {
                // Set keeps a condition whose reason is unchanged; progress must move lastUpdateTime on, so replace it.
                var condition = DeploymentConditions.New(
                    DeploymentConditions.Progressing, DeploymentConditions.True, DeploymentConditions.ReplicaSetUpdatedReason, $"{subject} is progressing.", now);
                if (currentCondition is not null)
                {
                    if (currentCondition.Status == DeploymentConditions.True)
                    {
                        condition.LastTransitionTime = currentCondition.LastTransitionTime;
                    }

                    DeploymentConditions.Remove(newStatus, DeploymentConditions.Progressing);
                }

                DeploymentConditions.Set(newStatus, condition);
            }
            else if (DeploymentConditions.DeploymentTimedOut(d, newStatus, now))
            {
                DeploymentConditions.Set(newStatus, DeploymentConditions.New(
                    DeploymentConditions.Progressing, DeploymentConditions.False, DeploymentConditions.TimedOutReason, $"{subject} has timed out progressing.", now));
            }
        }

        // One ReplicaFailure at most, the new ReplicaSet's first.
        var failures = DeploymentConditions.ReplicaFailures(allRSs, newRS);
        if (failures.Count > 0)
        {
            DeploymentConditions.Set(newStatus, failures[0]);
        }
        else
        {
            DeploymentConditions.Remove(newStatus, DeploymentConditions.ReplicaFailure);
        }

        if (DeploymentStatuses.Same(d.Status, newStatus))
        {
            RequeueStuckDeployment(d, newStatus, now);
            return;
        }

        d.Status = newStatus;
        await WriteStatusAsync(d, cancellationToken);
    }

    /// <summary>
    /// requeueStuckDeployment: without a sign of progress nothing else brings the Deployment back,
    /// so it is queued for when its deadline passes (a second late, against clock skew in the
    /// delayed add), or now, rate limited, if that is less than a second away.
    /// </summary>
    private void RequeueStuckDeployment(V1Deployment d, V1DeploymentStatus newStatus, DateTimeOffset now)
    {
        if (DeploymentConditions.ProgressCheckDelay(d, newStatus, now) is not { } delay)
        {
            return;
        }

        var key = $"{d.Metadata.NamespaceProperty}/{d.Metadata.Name}";
        if (delay < TimeSpan.FromSeconds(1))
        {
            _queue.AddRateLimited(key);
        }
        else
        {
            _queue.AddAfter(key, delay + TimeSpan.FromSeconds(1));
        }
    }
}
