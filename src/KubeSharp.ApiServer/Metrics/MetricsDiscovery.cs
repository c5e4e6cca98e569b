using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Metrics;

/// <summary>
/// Discovery entries for metrics.k8s.io/v1beta1 as the aggregator shows metrics-server's group
/// (kubectl top refuses to run unless the group is listed). Each call builds fresh nodes, so the
/// results can be added to other documents.
/// </summary>
internal static class MetricsDiscovery
{
    public const string Group = "metrics.k8s.io";
    public const string Version = "v1beta1";
    public const string GroupVersion = Group + "/" + Version;

    private static readonly (string Plural, string Kind, bool Namespaced)[] Resources =
        [("nodes", "NodeMetrics", false), ("pods", "PodMetrics", true)];

    /// <summary>The entry of the APIGroupList at /apis.</summary>
    public static JsonObject GroupEntry() => GroupObject(withTypeMeta: false);

    /// <summary>The APIGroup at /apis/metrics.k8s.io.</summary>
    public static JsonObject GroupDocument() => GroupObject(withTypeMeta: true);

    /// <summary>The APIResourceList at /apis/metrics.k8s.io/v1beta1.</summary>
    public static JsonObject ResourceList() => new()
    {
        ["kind"] = "APIResourceList",
        ["apiVersion"] = "v1",
        ["groupVersion"] = GroupVersion,
        ["resources"] = new JsonArray([.. Resources.Select(r => (JsonNode)new JsonObject
        {
            ["name"] = r.Plural,
            ["singularName"] = string.Empty,
            ["namespaced"] = r.Namespaced,
            ["kind"] = r.Kind,
            ["verbs"] = Verbs(),
        })]),
    };

    /// <summary>The APIGroupDiscovery item of the aggregated (apidiscovery.k8s.io/v2) document at /apis.</summary>
    public static JsonObject AggregatedGroup() => new()
    {
        ["metadata"] = new JsonObject { ["name"] = Group, ["creationTimestamp"] = null },
        ["versions"] = new JsonArray(new JsonObject
        {
            ["version"] = Version,
            ["resources"] = new JsonArray([.. Resources.Select(r => (JsonNode)new JsonObject
            {
                ["resource"] = r.Plural,
                ["responseKind"] = new JsonObject { ["group"] = Group, ["version"] = Version, ["kind"] = r.Kind },
                ["scope"] = r.Namespaced ? "Namespaced" : "Cluster",
                ["singularResource"] = string.Empty,
                ["verbs"] = Verbs(),
            })]),
            ["freshness"] = "Current",
        }),
    };

    private static JsonObject GroupObject(bool withTypeMeta)
    {
        var group = withTypeMeta ? new JsonObject { ["kind"] = "APIGroup", ["apiVersion"] = "v1" } : new JsonObject();
        group["name"] = Group;
        group["versions"] = new JsonArray(VersionEntry());
        group["preferredVersion"] = VersionEntry();
        return group;
    }

    private static JsonObject VersionEntry() => new() { ["groupVersion"] = GroupVersion, ["version"] = Version };

    private static JsonArray Verbs() => new((JsonNode?)"get", (JsonNode?)"list");
}
