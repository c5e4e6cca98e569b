namespace KubeSharp.ApiServer.Patch;

/// <summary>
/// Upstream's patchMergeKey / patchStrategy struct tags for lists, by the list's element type: how a
/// strategic merge patch merges a list item by item instead of replacing it. The server's own
/// strategic merge patch and the OpenAPI document kubectl reads both come from this one table.
/// </summary>
internal static class PatchMetadata
{
    private static readonly Dictionary<string, (string Key, string Strategy)> ByElementType = new(StringComparer.Ordinal)
    {
        ["V1Container"] = ("name", "merge"),
        ["V1EphemeralContainer"] = ("name", "merge"),
        ["V1EnvVar"] = ("name", "merge"),
        ["V1Volume"] = ("name", "merge,retainKeys"),
        ["V1VolumeMount"] = ("mountPath", "merge"),
        ["V1VolumeDevice"] = ("devicePath", "merge"),
        ["V1LocalObjectReference"] = ("name", "merge"),
        ["V1ContainerPort"] = ("containerPort", "merge"),
        ["V1ServicePort"] = ("port", "merge"),
        ["V1HostAlias"] = ("ip", "merge"),
        ["V1PodCondition"] = ("type", "merge"),
        ["V1NodeCondition"] = ("type", "merge"),
        ["V1NamespaceCondition"] = ("type", "merge"),
        ["V1DeploymentCondition"] = ("type", "merge"),
        ["V1ReplicaSetCondition"] = ("type", "merge"),
        ["V1StatefulSetCondition"] = ("type", "merge"),
        ["V1DaemonSetCondition"] = ("type", "merge"),
        ["V1JobCondition"] = ("type", "merge"),
        ["V1PersistentVolumeClaimCondition"] = ("type", "merge"),
        ["V1Condition"] = ("type", "merge"),
        ["V1OwnerReference"] = ("uid", "merge"),
        ["V1TopologySpreadConstraint"] = ("topologyKey", "merge"),
        ["V1Taint"] = ("key", "merge"),
        ["V1NodeAddress"] = ("type", "merge"),
        ["V1PodResourceClaim"] = ("name", "merge,retainKeys"),
    };

    // Scalar lists merged as sets (patchStrategy "merge" on []string), by field name.
    private static readonly HashSet<string> MergedScalarLists = new(StringComparer.Ordinal) { "finalizers" };

    /// <summary>The merge key and strategy of a list of <paramref name="elementType"/>, if it merges by key.</summary>
    public static (string Key, string Strategy)? For(Type elementType) =>
        ByElementType.TryGetValue(elementType.Name, out var meta) ? meta : null;

    public static bool IsMergedScalarList(string field) => MergedScalarLists.Contains(field);
}
