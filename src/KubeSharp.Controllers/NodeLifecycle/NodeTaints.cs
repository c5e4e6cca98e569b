using k8s.Models;

namespace KubeSharp.Controllers.NodeLifecycle;

/// <summary>
/// The taints the node lifecycle controller owns and which of them a node's conditions call for
/// (upstream's nodeConditionToTaintKeyStatusMap and the taint helpers). Taints are the same taint
/// when key and effect match (MatchTaint); a node has at most one of each.
/// </summary>
internal static class NodeTaints
{
    public const string NotReady = "node.kubernetes.io/not-ready";
    public const string Unreachable = "node.kubernetes.io/unreachable";
    public const string MemoryPressure = "node.kubernetes.io/memory-pressure";
    public const string DiskPressure = "node.kubernetes.io/disk-pressure";
    public const string PidPressure = "node.kubernetes.io/pid-pressure";
    public const string NetworkUnavailable = "node.kubernetes.io/network-unavailable";
    public const string Unschedulable = "node.kubernetes.io/unschedulable";

    public const string NoSchedule = "NoSchedule";
    public const string NoExecute = "NoExecute";

    /// <summary>The NoSchedule taints this controller manages; any other taint on a node is left alone.</summary>
    private static readonly HashSet<string> ConditionKeys = new(StringComparer.Ordinal)
    {
        NotReady, Unreachable, MemoryPressure, DiskPressure, PidPressure, NetworkUnavailable, Unschedulable,
    };

    public static bool Same(V1Taint taint, string key, string effect) => taint.Key == key && taint.Effect == effect;

    public static bool Has(IEnumerable<V1Taint>? taints, string key, string effect) => taints?.Any(t => Same(t, key, effect)) == true;

    public static IEnumerable<V1Taint> NoExecuteOf(IEnumerable<V1Taint>? taints) => (taints ?? []).Where(t => t.Effect == NoExecute);

    /// <summary>
    /// TaintNodesByCondition: the NoSchedule taint keys the node's conditions and spec.unschedulable
    /// call for. A node without a Ready condition counts as not ready, so the taint the API server
    /// puts on new nodes stays until the kubelet says Ready.
    /// </summary>
    public static List<string> WantedNoScheduleKeys(V1Node node)
    {
        var keys = new List<string>();
        var ready = NodeConditions.Find(node.Status, NodeConditions.Ready);
        switch (ready?.Status)
        {
            case "True":
                break;
            case "Unknown":
                keys.Add(Unreachable);
                break;
            default:
                keys.Add(NotReady);
                break;
        }

        AddIfTrue(keys, node, NodeConditions.MemoryPressure, MemoryPressure);
        AddIfTrue(keys, node, NodeConditions.DiskPressure, DiskPressure);
        AddIfTrue(keys, node, NodeConditions.PidPressure, PidPressure);
        AddIfTrue(keys, node, NodeConditions.NetworkUnavailable, NetworkUnavailable);
        if (node.Spec?.Unschedulable == true)
        {
            keys.Add(Unschedulable);
        }

        return keys;
    }

    /// <summary>The controller-managed NoSchedule taints to add and to remove so the node has exactly the wanted ones.</summary>
    public static (List<V1Taint> Add, List<V1Taint> Remove) NoScheduleChanges(V1Node node)
    {
        var wanted = WantedNoScheduleKeys(node);
        var current = (node.Spec?.Taints ?? []).Where(t => t.Effect == NoSchedule && t.Key is not null && ConditionKeys.Contains(t.Key)).ToList();
        var add = wanted.Where(key => !current.Any(t => t.Key == key)).Select(key => new V1Taint { Key = key, Effect = NoSchedule }).ToList();
        var remove = current.Where(t => !wanted.Contains(t.Key)).Select(t => new V1Taint { Key = t.Key, Effect = NoSchedule }).ToList();
        return (add, remove);
    }

    /// <summary>
    /// Taint-based eviction: the NoExecute taint a Ready status calls for and its opposite, which it
    /// replaces (the two mirror the one Ready condition, so a node never has both); null when Ready is True.
    /// </summary>
    public static (V1Taint Add, V1Taint Remove)? NoExecuteFor(string? readyStatus) => readyStatus switch
    {
        "False" => (new V1Taint { Key = NotReady, Effect = NoExecute }, new V1Taint { Key = Unreachable, Effect = NoExecute }),
        "Unknown" => (new V1Taint { Key = Unreachable, Effect = NoExecute }, new V1Taint { Key = NotReady, Effect = NoExecute }),
        _ => null,
    };

    /// <summary>
    /// The node's taints with <paramref name="add"/> added (stamped with timeAdded, as
    /// SwapNodeControllerTaint does) and <paramref name="remove"/> removed; a taint already there is
    /// kept as it is, so its timeAdded (from which evictions count) does not move. Null when nothing changes.
    /// </summary>
    public static List<V1Taint>? Swap(IList<V1Taint>? current, IEnumerable<V1Taint> add, IEnumerable<V1Taint> remove, DateTime now)
    {
        var result = (current ?? []).Where(t => !remove.Any(r => Same(t, r.Key, r.Effect))).ToList();
        foreach (var taint in add)
        {
            if (!result.Any(t => Same(t, taint.Key, taint.Effect)))
            {
                result.Add(new V1Taint { Key = taint.Key, Value = taint.Value, Effect = taint.Effect, TimeAdded = now });
            }
        }

        var unchanged = result.Count == (current?.Count ?? 0) && result.All(t => current!.Contains(t));
        return unchanged ? null : result;
    }

    private static void AddIfTrue(List<string> keys, V1Node node, string condition, string key)
    {
        if (NodeConditions.Find(node.Status, condition)?.Status == "True")
        {
            keys.Add(key);
        }
    }
}
