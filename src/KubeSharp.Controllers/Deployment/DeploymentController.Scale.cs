using System.Globalization;
using k8s;
using k8s.Models;

namespace KubeSharp.Controllers.Deployment;

/// <summary>Resizing ReplicaSets: the planned scaling event, and the one write (with its event) every resize goes through.</summary>
public sealed partial class DeploymentController
{
    /// <summary>scale: carries out <see cref="ProportionalScaling.Plan"/>; the first failure stops it (the sync is retried).</summary>
    private async Task ScaleAsync(V1Deployment d, V1ReplicaSet? newRS, List<V1ReplicaSet> oldRSs, CancellationToken cancellationToken)
    {
        foreach (var step in ProportionalScaling.Plan(d, newRS, oldRSs))
        {
            if (step.Operation is null)
            {
                await ScaleReplicaSetAndRecordEventAsync(step.Target, step.Size, d, cancellationToken);
            }
            else
            {
                await ScaleReplicaSetAsync(step.Target, step.Size, d, step.Operation, cancellationToken);
            }
        }
    }

    /// <summary>scaleReplicaSetAndRecordEvent: nothing if the size is already right.</summary>
    private async Task<(bool Scaled, V1ReplicaSet ReplicaSet)> ScaleReplicaSetAndRecordEventAsync(V1ReplicaSet rs, int newScale, V1Deployment d, CancellationToken cancellationToken)
    {
        var current = Deployments.Replicas(rs);
        if (current == newScale)
        {
            return (false, rs);
        }

        return await ScaleReplicaSetAsync(rs, newScale, d, current < newScale ? "up" : "down", cancellationToken);
    }

    /// <summary>
    /// scaleReplicaSet: a Replace (a stale ReplicaSet gets a 409 and the sync is retried) setting
    /// the size and the desired and max replicas annotations; the event only for a new size.
    /// </summary>
    private async Task<(bool Scaled, V1ReplicaSet ReplicaSet)> ScaleReplicaSetAsync(V1ReplicaSet rs, int newScale, V1Deployment d, string scalingOperation, CancellationToken cancellationToken)
    {
        var oldScale = Deployments.Replicas(rs);
        var sizeNeedsUpdate = oldScale != newScale;
        var desired = Deployments.Replicas(d);
        var max = desired + Fenceposts.MaxSurge(d);
        if (!sizeNeedsUpdate && !ReplicaSetAnnotations.ReplicasAnnotationsNeedUpdate(rs, desired, max))
        {
            return (false, rs);
        }

        var copy = ModelCopy.Of(rs);
        copy.Spec.Replicas = newScale;
        ReplicaSetAnnotations.SetReplicasAnnotations(copy, desired, max);
        var updated = await _client.AppsV1.ReplaceNamespacedReplicaSetAsync(copy, copy.Metadata.Name, copy.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        if (!sizeNeedsUpdate)
        {
            return (false, updated);
        }

        Event(d, "Normal", "ScalingReplicaSet", string.Create(CultureInfo.InvariantCulture, $"Scaled {scalingOperation} replica set {rs.Metadata.Name} from {oldScale} to {newScale}"));
        return (true, updated);
    }
}
