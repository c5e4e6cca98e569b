using k8s.Models;

namespace KubeSharp.Controllers.Deployment;

/// <summary>Which old ReplicaSets cleanupDeployment deletes to keep revisionHistoryLimit of them.</summary>
internal static class HistoryCleanup
{
    /// <summary>
    /// Beyond the limit, those with the lowest revisions, but only ones with no replicas wanted or
    /// running and whose latest spec their controller has seen: a ReplicaSet with pods is never
    /// deleted (deleting it would delete its pods). Ones already being deleted do not count.
    /// </summary>
    public static List<V1ReplicaSet> Doomed(V1Deployment d, IEnumerable<V1ReplicaSet?> oldRSs)
    {
        if (!Deployments.HasRevisionHistoryLimit(d))
        {
            return [];
        }

        var cleanable = oldRSs.OfType<V1ReplicaSet>().Where(rs => rs.Metadata.DeletionTimestamp is null).ToList();
        var diff = cleanable.Count - (d.Spec.RevisionHistoryLimit ?? 0);
        if (diff <= 0)
        {
            return [];
        }

        cleanable.Sort(ReplicaSetOrder.ByRevision);
        return
        [
            .. cleanable.Take(diff).Where(rs =>
                (rs.Status?.Replicas ?? 0) == 0
                && Deployments.Replicas(rs) == 0
                && (rs.Metadata.Generation ?? 0) <= (rs.Status?.ObservedGeneration ?? 0)),
        ];
    }
}
