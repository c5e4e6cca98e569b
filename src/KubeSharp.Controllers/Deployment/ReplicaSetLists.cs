using k8s.Models;

namespace KubeSharp.Controllers.Deployment;

/// <summary>Which of a Deployment's ReplicaSets is new, which are old and active, and their replica counts (deployment_util).</summary>
internal static class ReplicaSetLists
{
    /// <summary>
    /// FindNewReplicaSet: the ReplicaSet whose template is the Deployment's (pod-template-hash aside).
    /// Should there be several (upstream issue 40415), the oldest, so the choice is stable.
    /// </summary>
    public static V1ReplicaSet? FindNewReplicaSet(V1Deployment d, IEnumerable<V1ReplicaSet> rsList)
    {
        var wanted = PodTemplates.CanonicalJson(d.Spec?.Template, withoutHashLabel: true);
        var sorted = rsList.ToList();
        sorted.Sort(ReplicaSetOrder.ByCreationTimestamp);
        return sorted.FirstOrDefault(rs => PodTemplates.CanonicalJson(rs.Spec?.Template, withoutHashLabel: true) == wanted);
    }

    /// <summary>FindOldReplicaSets: every ReplicaSet but the new one, oldest first, and those of them with replicas.</summary>
    public static (List<V1ReplicaSet> WithReplicas, List<V1ReplicaSet> All) FindOldReplicaSets(V1Deployment d, IEnumerable<V1ReplicaSet> rsList)
    {
        var sorted = rsList.ToList();
        sorted.Sort(ReplicaSetOrder.ByCreationTimestamp);
        var newRS = FindNewReplicaSet(d, sorted);
        var all = sorted.Where(rs => newRS is null || rs.Metadata.Uid != newRS.Metadata.Uid).ToList();
        return (all.Where(rs => Deployments.Replicas(rs) != 0).ToList(), all);
    }

    /// <summary>
    /// FindActiveOrLatest: the only ReplicaSet with replicas, or the newest when none has any; null
    /// when several have replicas (they are scaled proportionally). Sorts <paramref name="oldRSs"/>
    /// newest first, as upstream does in place.
    /// </summary>
    public static V1ReplicaSet? FindActiveOrLatest(V1ReplicaSet? newRS, List<V1ReplicaSet> oldRSs)
    {
        if (newRS is null && oldRSs.Count == 0)
        {
            return null;
        }

        oldRSs.Sort(ReplicaSetOrder.NewestFirst);
        var active = FilterActive([.. oldRSs, newRS]);
        return active.Count switch
        {
            0 => newRS ?? oldRSs[0],
            1 => active[0],
            _ => null,
        };
    }

    /// <summary>FilterActiveReplicaSets: those that have (or ought to have) pods.</summary>
    public static List<V1ReplicaSet> FilterActive(IEnumerable<V1ReplicaSet?> replicaSets) =>
        [.. replicaSets.OfType<V1ReplicaSet>().Where(rs => Deployments.Replicas(rs) > 0)];

    /// <summary>GetReplicaCountForReplicaSets: the sum of spec.replicas.</summary>
    public static int ReplicaCount(IEnumerable<V1ReplicaSet?> replicaSets) =>
        replicaSets.OfType<V1ReplicaSet>().Sum(rs => Deployments.Replicas(rs));

    /// <summary>GetActualReplicaCountForReplicaSets: the sum of status.replicas.</summary>
    public static int ActualReplicaCount(IEnumerable<V1ReplicaSet?> replicaSets) =>
        replicaSets.OfType<V1ReplicaSet>().Sum(rs => rs.Status?.Replicas ?? 0);

    public static int ReadyReplicaCount(IEnumerable<V1ReplicaSet?> replicaSets) =>
        replicaSets.OfType<V1ReplicaSet>().Sum(rs => rs.Status?.ReadyReplicas ?? 0);

    public static int AvailableReplicaCount(IEnumerable<V1ReplicaSet?> replicaSets) =>
        replicaSets.OfType<V1ReplicaSet>().Sum(rs => Deployments.AvailableReplicas(rs));
}
