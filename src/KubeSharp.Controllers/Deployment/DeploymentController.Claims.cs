using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Selectors;
using KubeSharp.Client.Informers;
using KubeSharp.Controllers.Shared;

namespace KubeSharp.Controllers.Deployment;

/// <summary>
/// Which ReplicaSets (and their pods) a Deployment owns, reconciling controller references as
/// upstream's ControllerRefManager does: matching orphans are adopted, owned ReplicaSets that stop
/// matching are released.
/// </summary>
public sealed partial class DeploymentController
{
    /// <summary>
    /// getReplicaSetsForDeployment: every ReplicaSet of the namespace is looked at, so owned ones
    /// that no longer match are found and released. Any failure fails the sync, after all were tried.
    /// </summary>
    private async Task<List<V1ReplicaSet>> GetReplicaSetsForDeploymentAsync(V1Deployment d, CancellationToken cancellationToken)
    {
        var selector = Selector(d);
        var claimed = new List<V1ReplicaSet>();
        var failures = new List<Exception>();

        // Checked once, and only if something is to be adopted.
        Task? canAdopt = null;
        foreach (var rs in _replicaSets.Store.ByIndex(Indexer<V1ReplicaSet>.NamespaceIndex, d.Metadata.NamespaceProperty ?? string.Empty))
        {
            try
            {
                if (await ClaimAsync(d, rs, selector, () => canAdopt ??= RecheckDeletionAsync(d, cancellationToken), cancellationToken) is { } owned)
                {
                    claimed.Add(owned);
                }
            }
            catch (Exception error) when (error is HttpOperationException or InvalidOperationException)
            {
                failures.Add(error);
            }
        }

        return failures.Count == 0 ? claimed : throw failures[0];
    }

    /// <summary>ClaimObject: the ReplicaSet if the Deployment owns it (now), else null.</summary>
    private async Task<V1ReplicaSet?> ClaimAsync(V1Deployment d, V1ReplicaSet rs, LabelSelector selector, Func<Task> canAdopt, CancellationToken cancellationToken)
    {
        var matches = selector.Matches(LabelUtil.ReadOnly(rs.Metadata.Labels));
        if (Owners.ControllerOf(rs) is { } reference)
        {
            if (reference.Uid != d.Metadata.Uid)
            {
                return null;
            }

            // Owned and matching is claimed even while being deleted: that takes no action.
            if (matches)
            {
                return rs;
            }

            if (d.Metadata.DeletionTimestamp is null)
            {
                await ReleaseAsync(d, rs, cancellationToken);
            }

            return null;
        }

        if (d.Metadata.DeletionTimestamp is not null || !matches || rs.Metadata.DeletionTimestamp is not null)
        {
            return null;
        }

        await canAdopt();
        return await AdoptAsync(d, rs, cancellationToken);
    }

    /// <summary>
    /// RecheckDeletionTimestamp: the cache may not show yet that the Deployment is being deleted or
    /// was replaced; adopting for it then would hand its ReplicaSets to the garbage collector.
    /// </summary>
    private async Task RecheckDeletionAsync(V1Deployment d, CancellationToken cancellationToken)
    {
        var ns = d.Metadata.NamespaceProperty;
        var name = d.Metadata.Name;
        var fresh = await _client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: cancellationToken);
        if (fresh.Metadata.Uid != d.Metadata.Uid)
        {
            throw new InvalidOperationException($"original Deployment {ns}/{name} is gone: got uid {fresh.Metadata.Uid}, wanted {d.Metadata.Uid}");
        }

        if (fresh.Metadata.DeletionTimestamp is { } deleted)
        {
            throw new InvalidOperationException($"{ns}/{name} has just been deleted at {deleted.ToString("O", CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>AdoptReplicaSet: a strategic merge patch adding the controller reference, for this ReplicaSet (uid) only.</summary>
    private async Task<V1ReplicaSet?> AdoptAsync(V1Deployment d, V1ReplicaSet rs, CancellationToken cancellationToken)
    {
        var reference = KubernetesJson.Serialize(Owners.ControllerReference(d, "apps/v1", "Deployment"));
        var patch = $"{{\"metadata\":{{\"ownerReferences\":[{reference}],\"uid\":\"{rs.Metadata.Uid}\"}}}}";
        try
        {
            return await _client.AppsV1.PatchNamespacedReplicaSetAsync(
                new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch), rs.Metadata.Name, rs.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>ReleaseReplicaSet: a strategic merge patch deleting the Deployment's reference.</summary>
    private async Task ReleaseAsync(V1Deployment d, V1ReplicaSet rs, CancellationToken cancellationToken)
    {
        var patch = $"{{\"metadata\":{{\"ownerReferences\":[{{\"$patch\":\"delete\",\"uid\":\"{d.Metadata.Uid}\"}}],\"uid\":\"{rs.Metadata.Uid}\"}}}}";
        try
        {
            await _client.AppsV1.PatchNamespacedReplicaSetAsync(
                new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch), rs.Metadata.Name, rs.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException error) when (error.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity)
        {
            // Gone, or no longer ours (Invalid: no such reference, or another object with the name): released either way.
        }
    }

    /// <summary>
    /// getPodMapForDeployment: the pods of the Deployment's ReplicaSets by ReplicaSet UID, inactive
    /// ones included, since Recreate must know that no old pod is still running.
    /// </summary>
    private Dictionary<string, List<V1Pod>> GetPodMapForDeployment(V1Deployment d, List<V1ReplicaSet> rsList)
    {
        var podMap = new Dictionary<string, List<V1Pod>>(StringComparer.Ordinal);
        foreach (var rs in rsList)
        {
            if (rs.Metadata.Uid is { } uid)
            {
                podMap.TryAdd(uid, []);
            }
        }

        var selector = Selector(d);
        foreach (var pod in _pods.Store.ByIndex(Indexer<V1Pod>.NamespaceIndex, d.Metadata.NamespaceProperty ?? string.Empty))
        {
            if (selector.Matches(LabelUtil.ReadOnly(pod.Metadata.Labels)) && Owners.ControllerOf(pod)?.Uid is { } owner && podMap.TryGetValue(owner, out var pods))
            {
                pods.Add(pod);
            }
        }

        return podMap;
    }

    private static LabelSelector Selector(V1Deployment d)
    {
        try
        {
            return LabelSelector.FromModel(d.Spec?.Selector);
        }
        catch (ApiException error)
        {
            throw new InvalidOperationException($"deployment {d.Metadata.NamespaceProperty}/{d.Metadata.Name} has invalid label selector: {error.Message}", error);
        }
    }
}
