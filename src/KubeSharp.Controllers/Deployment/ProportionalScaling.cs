using k8s.Models;

namespace KubeSharp.Controllers.Deployment;

/// <summary>
/// upstream's scale(): a scaling event (or a paused Deployment) resizes its ReplicaSets without
/// advancing a rollout. One active ReplicaSet (or the newest, when none is) takes all replicas;
/// a saturated new ReplicaSet makes the old ones go; otherwise, rolling, the replicas to add or
/// remove are spread over the active ReplicaSets in proportion to their size, so a rollout in
/// progress is neither hastened nor made riskier.
/// </summary>
internal static class ProportionalScaling
{
    public static List<ScaleStep> Plan(V1Deployment d, V1ReplicaSet? newRS, List<V1ReplicaSet> oldRSs)
    {
        var replicas = Deployments.Replicas(d);
        if (ReplicaSetLists.FindActiveOrLatest(newRS, oldRSs) is { } activeOrLatest)
        {
            return Deployments.Replicas(activeOrLatest) == replicas ? [] : [new ScaleStep(activeOrLatest, replicas, null)];
        }

        // A saturated new ReplicaSet (e.g. after adopting one) leaves nothing for the old ones.
        if (ReplicaCounts.IsSaturated(d, newRS))
        {
            return [.. ReplicaSetLists.FilterActive(oldRSs).Select(old => new ScaleStep(old, 0, null))];
        }

        if (!Deployments.IsRollingUpdate(d))
        {
            return [];
        }

        var allRSs = ReplicaSetLists.FilterActive([.. oldRSs, newRS]);
        var allowedSize = replicas > 0 ? replicas + Fenceposts.MaxSurge(d) : 0;
        var toAdd = allowedSize - ReplicaSetLists.ReplicaCount(allRSs);

        // Largest first; at equal sizes newer ones grow first and older ones shrink first.
        var operation = string.Empty;
        if (toAdd > 0)
        {
            allRSs.Sort(ReplicaSetOrder.BySizeNewer);
            operation = "up";
        }
        else if (toAdd < 0)
        {
            allRSs.Sort(ReplicaSetOrder.BySizeOlder);
            operation = "down";
        }

        var added = 0;
        var sizes = new int[allRSs.Count];
        for (var i = 0; i < allRSs.Count; i++)
        {
            var proportion = toAdd != 0 ? ReplicaCounts.GetReplicaSetProportion(allRSs[i], d, toAdd, added) : 0;
            sizes[i] = Deployments.Replicas(allRSs[i]) + proportion;
            added += proportion;
        }

        // Rounding leftovers go to (or come from) the largest.
        if (toAdd != 0 && sizes.Length > 0)
        {
            sizes[0] = Math.Max(sizes[0] + toAdd - added, 0);
        }

        return [.. allRSs.Select((rs, i) => new ScaleStep(rs, sizes[i], operation))];
    }
}
