using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client.Informers;
using KubeSharp.Controllers.Shared;

namespace KubeSharp.Controllers.Deployment;

/// <summary>
/// sync.go: finding (or creating) the new ReplicaSet and keeping revisions in order, the syncs that
/// only scale or only update status, and the Deployment's writes.
/// </summary>
public sealed partial class DeploymentController
{
    /// <summary>syncStatusOnly: a Deployment being deleted only has its status brought up to date.</summary>
    private async Task SyncStatusOnlyAsync(V1Deployment d, List<V1ReplicaSet> rsList, CancellationToken cancellationToken)
    {
        var (newRS, oldRSs) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, createIfNotExisted: false, cancellationToken);
        await SyncDeploymentStatusAsync([.. oldRSs, newRS], newRS, d, cancellationToken);
    }

    /// <summary>sync: a scaling event, or a paused Deployment: scale (proportionally), never roll out.</summary>
    private async Task SyncAsync(V1Deployment d, List<V1ReplicaSet> rsList, CancellationToken cancellationToken)
    {
        var (newRS, oldRSs) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, createIfNotExisted: false, cancellationToken);
        await ScaleAsync(d, newRS, oldRSs, cancellationToken);

        // A paused Deployment's history is trimmed here; a running one's when its rollout completes.
        if (Deployments.IsPaused(d))
        {
            await CleanupDeploymentAsync(oldRSs, d, cancellationToken);
        }

        await SyncDeploymentStatusAsync([.. oldRSs, newRS], newRS, d, cancellationToken);
    }

    /// <summary>
    /// checkPausedConditions: Progressing becomes Unknown (DeploymentPaused / DeploymentResumed) on
    /// pause and resume, so time spent paused never counts against progressDeadlineSeconds. A
    /// reported timeout is left alone.
    /// </summary>
    private async Task CheckPausedConditionsAsync(V1Deployment d, CancellationToken cancellationToken)
    {
        if (!Deployments.HasProgressDeadline(d))
        {
            return;
        }

        var condition = DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing);
        if (condition?.Reason == DeploymentConditions.TimedOutReason)
        {
            return;
        }

        var pausedConditionExists = condition?.Reason == DeploymentConditions.PausedDeployReason;
        var now = _time.GetUtcNow();
        if (Deployments.IsPaused(d) && !pausedConditionExists)
        {
            DeploymentConditions.Set(d.Status, DeploymentConditions.New(DeploymentConditions.Progressing, DeploymentConditions.Unknown, DeploymentConditions.PausedDeployReason, "Deployment is paused", now));
        }
        else if (!Deployments.IsPaused(d) && pausedConditionExists)
        {
            DeploymentConditions.Set(d.Status, DeploymentConditions.New(DeploymentConditions.Progressing, DeploymentConditions.Unknown, DeploymentConditions.ResumedDeployReason, "Deployment is resumed", now));
        }
        else
        {
            return;
        }

        await WriteStatusAsync(d, cancellationToken);
    }

    /// <summary>
    /// getAllReplicaSetsAndSyncRevision: the old ReplicaSets (oldest first) and the new one, whose
    /// revision is raised above the old ones' and copied to the Deployment; the new one is created
    /// if asked and missing.
    /// </summary>
    private async Task<(V1ReplicaSet? NewRS, List<V1ReplicaSet> OldRSs)> GetAllReplicaSetsAndSyncRevisionAsync(
        V1Deployment d, List<V1ReplicaSet> rsList, bool createIfNotExisted, CancellationToken cancellationToken)
    {
        var (_, allOldRSs) = ReplicaSetLists.FindOldReplicaSets(d, rsList);
        var newRS = await GetNewReplicaSetAsync(d, rsList, allOldRSs, createIfNotExisted, cancellationToken);
        return (newRS, allOldRSs);
    }

    /// <summary>
    /// getNewReplicaSet. An existing new ReplicaSet gets the Deployment's annotations, revision
    /// max(old) + 1 and minReadySeconds; otherwise, if asked, the new ReplicaSet is created, named
    /// after its template's hash so a retry cannot create it twice.
    /// </summary>
    private async Task<V1ReplicaSet?> GetNewReplicaSetAsync(
        V1Deployment d, List<V1ReplicaSet> rsList, List<V1ReplicaSet> oldRSs, bool createIfNotExisted, CancellationToken cancellationToken)
    {
        var existing = ReplicaSetLists.FindNewReplicaSet(d, rsList);
        var newRevision = (ReplicaSetAnnotations.MaxRevision(oldRSs) + 1).ToString(CultureInfo.InvariantCulture);
        if (existing is not null)
        {
            return await SyncNewReplicaSetAsync(d, rsList, existing, newRevision, cancellationToken);
        }

        return createIfNotExisted ? await CreateNewReplicaSetAsync(d, oldRSs, newRevision, cancellationToken) : null;
    }

    private async Task<V1ReplicaSet> SyncNewReplicaSetAsync(V1Deployment d, List<V1ReplicaSet> rsList, V1ReplicaSet existing, string newRevision, CancellationToken cancellationToken)
    {
        var rs = ModelCopy.Of(existing);
        var annotationsUpdated = ReplicaSetAnnotations.SetNewReplicaSetAnnotations(d, rs, newRevision, exists: true, ReplicaSetAnnotations.MaxRevisionHistoryLength);
        if (annotationsUpdated || (rs.Spec.MinReadySeconds ?? 0) != (d.Spec.MinReadySeconds ?? 0))
        {
            rs.Spec.MinReadySeconds = d.Spec.MinReadySeconds;
            var updated = await _client.AppsV1.ReplaceNamespacedReplicaSetAsync(rs, rs.Metadata.Name, rs.Metadata.NamespaceProperty, cancellationToken: cancellationToken);

            // The rest of this sync sees the ReplicaSet as written rather than the cached one.
            var index = rsList.FindIndex(item => ReferenceEquals(item, existing));
            if (index >= 0)
            {
                rsList[index] = updated;
            }

            return updated;
        }

        // The ReplicaSet's revision is the reliable one: the Deployment's is copied from it.
        var revisionChanged = ReplicaSetAnnotations.SetDeploymentRevision(d, ReplicaSetAnnotations.Get(rs.Metadata, ReplicaSetAnnotations.Revision) ?? string.Empty);

        // No Progressing condition yet (progress newly asked for): start the clock from finding this ReplicaSet.
        var statusChanged = false;
        if (Deployments.HasProgressDeadline(d) && DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing) is null)
        {
            var message = $"Found new replica set \"{rs.Metadata.Name}\"";
            DeploymentConditions.Set(d.Status, DeploymentConditions.New(DeploymentConditions.Progressing, DeploymentConditions.True, DeploymentConditions.FoundNewRSReason, message, _time.GetUtcNow()));
            statusChanged = true;
        }

        await UpdateDeploymentAsync(d, revisionChanged, statusChanged, cancellationToken);
        return rs;
    }

    private async Task<V1ReplicaSet> CreateNewReplicaSetAsync(V1Deployment d, List<V1ReplicaSet> oldRSs, string newRevision, CancellationToken cancellationToken)
    {
        var ns = d.Metadata.NamespaceProperty;
        var template = ModelCopy.Of(d.Spec.Template);
        var hash = PodTemplateHash.Compute(template, d.Status.CollisionCount);
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Labels = LabelUtil.CloneAndAdd(d.Spec.Template.Metadata?.Labels, PodTemplateHash.Label, hash);
        var newRS = new V1ReplicaSet
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = new V1ObjectMeta
            {
                Name = d.Metadata.Name + "-" + hash,
                NamespaceProperty = ns,
                OwnerReferences = [Owners.ControllerReference(d, "apps/v1", "Deployment")],
                Labels = new Dictionary<string, string>(template.Metadata.Labels, StringComparer.Ordinal),
            },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = 0,
                MinReadySeconds = d.Spec.MinReadySeconds,
                Selector = LabelUtil.CloneSelectorAndAdd(d.Spec.Selector, PodTemplateHash.Label, hash),
                Template = template,
            },
        };
        var newReplicasCount = ReplicaCounts.NewRSNewReplicas(d, [.. oldRSs, newRS], newRS);
        newRS.Spec.Replicas = newReplicasCount;
        ReplicaSetAnnotations.SetNewReplicaSetAnnotations(d, newRS, newRevision, exists: false, ReplicaSetAnnotations.MaxRevisionHistoryLength);

        V1ReplicaSet created;
        var alreadyExists = false;
        try
        {
            created = await _client.AppsV1.CreateNamespacedReplicaSetAsync(newRS, ns, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // A slow cache or a quick resync: it may be this very ReplicaSet, or another template with the same hash.
            alreadyExists = true;
            var found = _replicaSets.Store.Get($"{ns}/{newRS.Metadata.Name}");
            if (found is null)
            {
                throw;
            }

            if (Owners.ControllerOf(found)?.Uid != d.Metadata.Uid || !PodTemplates.EqualIgnoreHash(d.Spec.Template, found.Spec?.Template))
            {
                await RecordHashCollisionAsync(d, cancellationToken);
                throw;
            }

            created = found;
        }
        catch (HttpOperationException error) when (!IsNamespaceTerminating(error))
        {
            var message = $"Failed to create new replica set \"{newRS.Metadata.Name}\": {Describe(error)}";
            if (Deployments.HasProgressDeadline(d))
            {
                DeploymentConditions.Set(d.Status, DeploymentConditions.New(DeploymentConditions.Progressing, DeploymentConditions.False, DeploymentConditions.FailedRSCreateReason, message, _time.GetUtcNow()));
                await TryWriteStatusAsync(d, cancellationToken);
            }

            Event(d, "Warning", DeploymentConditions.FailedRSCreateReason, message);
            throw;
        }

        if (!alreadyExists && newReplicasCount > 0)
        {
            Event(d, "Normal", "ScalingReplicaSet", string.Create(CultureInfo.InvariantCulture, $"Scaled up replica set {created.Metadata.Name} from 0 to {newReplicasCount}"));
        }

        var revisionChanged = ReplicaSetAnnotations.SetDeploymentRevision(d, newRevision);
        var statusChanged = false;
        if (!alreadyExists && Deployments.HasProgressDeadline(d))
        {
            var message = $"Created new replica set \"{created.Metadata.Name}\"";
            DeploymentConditions.Set(d.Status, DeploymentConditions.New(DeploymentConditions.Progressing, DeploymentConditions.True, DeploymentConditions.NewReplicaSetReason, message, _time.GetUtcNow()));
            statusChanged = true;
        }

        await UpdateDeploymentAsync(d, revisionChanged, statusChanged, cancellationToken);
        return created;
    }

    /// <summary>
    /// Another template has this hash: collisionCount goes up, so the next sync (the create's
    /// error requeues it) computes another name.
    /// </summary>
    private async Task RecordHashCollisionAsync(V1Deployment d, CancellationToken cancellationToken)
    {
        var previous = d.Status.CollisionCount ?? 0;
        d.Status.CollisionCount = previous + 1;
        if (await TryWriteStatusAsync(d, cancellationToken))
        {
            LogHashCollision(ObjectKeys.Of(d), previous, previous + 1);
        }
    }

    /// <summary>isScalingEvent: an active ReplicaSet was last sized for another replica count than the Deployment's.</summary>
    private async Task<bool> IsScalingEventAsync(V1Deployment d, List<V1ReplicaSet> rsList, CancellationToken cancellationToken)
    {
        var (newRS, oldRSs) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, createIfNotExisted: false, cancellationToken);
        var replicas = Deployments.Replicas(d);
        return ReplicaSetLists.FilterActive([.. oldRSs, newRS]).Any(rs => ReplicaSetAnnotations.GetDesiredReplicas(rs) is { } desired && desired != replicas);
    }

    /// <summary>syncDeploymentStatus: writes the calculated status if it differs.</summary>
    private async Task SyncDeploymentStatusAsync(IReadOnlyList<V1ReplicaSet?> allRSs, V1ReplicaSet? newRS, V1Deployment d, CancellationToken cancellationToken)
    {
        var status = DeploymentStatuses.Calculate(allRSs, newRS, d, _time.GetUtcNow());
        if (DeploymentStatuses.Same(d.Status, status))
        {
            return;
        }

        d.Status = status;
        await WriteStatusAsync(d, cancellationToken);
    }

    /// <summary>
    /// Writes what getNewReplicaSet changed on the Deployment. Upstream sends the revision annotation
    /// along with the status update; this API server's status subresource takes status only, so the
    /// annotation goes as a merge patch of the Deployment itself.
    /// </summary>
    private async Task UpdateDeploymentAsync(V1Deployment d, bool revisionChanged, bool statusChanged, CancellationToken cancellationToken)
    {
        if (revisionChanged)
        {
            var revision = ReplicaSetAnnotations.Get(d.Metadata, ReplicaSetAnnotations.Revision);
            var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [ReplicaSetAnnotations.Revision] = revision } } };
            var patched = await _client.AppsV1.PatchNamespacedDeploymentAsync(
                new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), d.Metadata.Name, d.Metadata.NamespaceProperty, cancellationToken: cancellationToken);

            // Only the resourceVersion: observedGeneration must not claim a spec change made meanwhile.
            d.Metadata.ResourceVersion = patched.Metadata.ResourceVersion;
        }

        if (statusChanged)
        {
            await WriteStatusAsync(d, cancellationToken);
        }
    }

    /// <summary>UpdateStatus, with optimistic concurrency: a 409 fails the sync, which is retried on a fresher cache.</summary>
    private async Task WriteStatusAsync(V1Deployment d, CancellationToken cancellationToken)
    {
        var updated = await _client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(d, d.Metadata.Name, d.Metadata.NamespaceProperty, cancellationToken: cancellationToken);

        // Later writes of this sync build on this one instead of failing on the old resourceVersion.
        d.Metadata.ResourceVersion = updated.Metadata.ResourceVersion;
    }

    /// <summary>A status write whose failure matters less than the error being reported.</summary>
    private async Task<bool> TryWriteStatusAsync(V1Deployment d, CancellationToken cancellationToken)
    {
        try
        {
            await WriteStatusAsync(d, cancellationToken);
            return true;
        }
        catch (HttpOperationException)
        {
            return false;
        }
    }
}
