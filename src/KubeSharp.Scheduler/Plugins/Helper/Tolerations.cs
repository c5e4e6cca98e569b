using k8s.Models;

namespace KubeSharp.Scheduler.Plugins.Helper;

/// <summary>Whether pod tolerations tolerate node taints (v1helper's ToleratesTaint and friends).</summary>
public static class Tolerations
{
    public const string NoSchedule = "NoSchedule";
    public const string PreferNoSchedule = "PreferNoSchedule";
    public const string NoExecute = "NoExecute";

    /// <summary>The taint the node lifecycle controller puts on cordoned nodes.</summary>
    public const string TaintNodeUnschedulable = "node.kubernetes.io/unschedulable";

    /// <summary>
    /// An empty effect matches every effect and an empty key every key (so an empty key with
    /// Exists tolerates everything); the operator defaults to Equal, which compares values.
    /// </summary>
    public static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
        {
            return false;
        }

        if (!string.IsNullOrEmpty(toleration.Key) && toleration.Key != taint.Key)
        {
            return false;
        }

        return toleration.OperatorProperty switch
        {
            null or "" or "Equal" => (toleration.Value ?? string.Empty) == (taint.Value ?? string.Empty),
            "Exists" => true,
            _ => false,
        };
    }

    /// <summary>Whether any of the tolerations tolerates the taint.</summary>
    public static bool TolerateTaint(IEnumerable<V1Toleration>? tolerations, V1Taint taint)
    {
        foreach (var toleration in tolerations ?? [])
        {
            if (Tolerates(toleration, taint))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first taint (in node order) that passes the filter and no toleration tolerates; null if none.</summary>
    public static V1Taint? FindUntoleratedTaint(IEnumerable<V1Taint>? taints, IEnumerable<V1Toleration>? tolerations, Func<V1Taint, bool> filter)
    {
        foreach (var taint in taints ?? [])
        {
            if (filter(taint) && !TolerateTaint(tolerations, taint))
            {
                return taint;
            }
        }

        return null;
    }

    /// <summary>helper.DoNotScheduleTaintsFilterFunc: the taints that keep pods off a node (NoSchedule, NoExecute).</summary>
    public static bool DoNotSchedule(V1Taint taint) => taint.Effect is NoSchedule or NoExecute;
}
