using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.Api.Resources;
using KubeSharp.ApiServer.Metrics;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Discovery;

/// <summary>
/// The discovery documents: legacy (APIVersions, APIGroupList, APIGroup, APIResourceList) and
/// aggregated (apidiscovery.k8s.io/v2 APIGroupDiscoveryList), built once from the registry.
/// </summary>
internal sealed class DiscoveryDocuments
{
    public DiscoveryDocuments(ResourceRegistry registry, string serverAddress)
    {
        CoreVersions = new JsonObject
        {
            ["kind"] = "APIVersions",
            ["versions"] = new JsonArray("v1"),
            ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
        };

        var groups = registry.GroupVersions.Where(gv => gv.Group.Length > 0).GroupBy(gv => gv.Group).ToList();
        Groups = new JsonObject
        {
            ["kind"] = "APIGroupList",
            ["apiVersion"] = "v1",
            ["groups"] = new JsonArray([.. groups.Select(g => (JsonNode)Group(g.Key, [.. g.Select(gv => gv.Version)], withTypeMeta: false))]),
        };
        foreach (var g in groups)
        {
            GroupByName[g.Key] = Group(g.Key, [.. g.Select(gv => gv.Version)], withTypeMeta: true);
        }

        foreach (var (group, version) in registry.GroupVersions)
        {
            ResourceLists[(group, version)] = ResourceList(group, version, registry.InGroupVersion(group, version).ToList());
        }

        AggregatedCore = Aggregated([(string.Empty, ["v1"])], registry);
        AggregatedGroups = Aggregated([.. groups.Select(g => (g.Key, g.Select(gv => gv.Version).ToArray()))], registry);

        // metrics.k8s.io is served by the API server itself (from the kubelets), as metrics-server would through aggregation.
        ((JsonArray)Groups["groups"]!).Add(MetricsDiscovery.GroupEntry());
        GroupByName[MetricsDiscovery.Group] = MetricsDiscovery.GroupDocument();
        ResourceLists[(MetricsDiscovery.Group, MetricsDiscovery.Version)] = MetricsDiscovery.ResourceList();
        ((JsonArray)AggregatedGroups["items"]!).Add(MetricsDiscovery.AggregatedGroup());
    }

    public JsonObject CoreVersions { get; }

    public JsonObject Groups { get; }

    public Dictionary<string, JsonObject> GroupByName { get; } = [];

    public Dictionary<(string Group, string Version), JsonObject> ResourceLists { get; } = [];

    public JsonObject AggregatedCore { get; }

    public JsonObject AggregatedGroups { get; }

    private static JsonObject Group(string name, string[] versions, bool withTypeMeta)
    {
        var group = new JsonObject();
        if (withTypeMeta)
        {
            group["kind"] = "APIGroup";
            group["apiVersion"] = "v1";
        }

        group["name"] = name;
        group["versions"] = new JsonArray([.. versions.Select(v => (JsonNode)new JsonObject { ["groupVersion"] = $"{name}/{v}", ["version"] = v })]);
        group["preferredVersion"] = new JsonObject { ["groupVersion"] = $"{name}/{versions[0]}", ["version"] = versions[0] };
        return group;
    }

    private static JsonObject ResourceList(string group, string version, List<RegisteredResource> resources)
    {
        var entries = new JsonArray();
        foreach (var resource in resources)
        {
            var api = resource.Api;
            var entry = new JsonObject
            {
                ["name"] = api.Plural,
                ["singularName"] = api.Singular,
                ["namespaced"] = api.Namespaced,
                ["kind"] = api.Kind,
                ["verbs"] = Strings(ApiResource.Verbs),
            };
            if (api.ShortNames.Count > 0)
            {
                entry["shortNames"] = Strings(api.ShortNames);
            }

            if (api.Categories.Count > 0)
            {
                entry["categories"] = Strings(api.Categories);
            }

            entry["storageVersionHash"] = StorageVersionHash(api);
            entries.Add(entry);
            foreach (var sub in api.Subresources)
            {
                var (subGroup, subVersion, kind, verbs) = Subresources.Describe(sub, api.Group, api.Version, api.Kind);
                var subEntry = new JsonObject
                {
                    ["name"] = $"{api.Plural}/{sub}",
                    ["singularName"] = string.Empty,
                    ["namespaced"] = api.Namespaced,
                };
                if (subGroup != api.Group || subVersion != api.Version)
                {
                    subEntry["group"] = subGroup;
                    subEntry["version"] = subVersion;
                }

                subEntry["kind"] = kind;
                subEntry["verbs"] = Strings(verbs);
                entries.Add(subEntry);
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = entries,
        };
    }

    private static JsonObject Aggregated(List<(string Group, string[] Versions)> groups, ResourceRegistry registry)
    {
        var items = new JsonArray();
        foreach (var (group, versions) in groups)
        {
            var metadata = new JsonObject { ["creationTimestamp"] = null };
            if (group.Length > 0)
            {
                metadata["name"] = group;
            }

            items.Add(new JsonObject
            {
                ["metadata"] = metadata,
                ["versions"] = new JsonArray([.. versions.Select(version => (JsonNode)new JsonObject
                {
                    ["version"] = version,
                    ["resources"] = new JsonArray([.. registry.InGroupVersion(group, version).Select(r => (JsonNode)AggregatedResource(r.Api))]),
                    ["freshness"] = "Current",
                })]),
            });
        }

        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = "apidiscovery.k8s.io/v2",
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    private static JsonObject AggregatedResource(ApiResource api)
    {
        var resource = new JsonObject
        {
            ["resource"] = api.Plural,
            ["responseKind"] = new JsonObject { ["group"] = api.Group, ["version"] = api.Version, ["kind"] = api.Kind },
            ["scope"] = api.Namespaced ? "Namespaced" : "Cluster",
            ["singularResource"] = api.Singular,
            ["verbs"] = Strings(ApiResource.Verbs),
        };
        if (api.ShortNames.Count > 0)
        {
            resource["shortNames"] = Strings(api.ShortNames);
        }

        if (api.Categories.Count > 0)
        {
            resource["categories"] = Strings(api.Categories);
        }

        if (api.Subresources.Count > 0)
        {
            resource["subresources"] = new JsonArray([.. api.Subresources.Select(sub =>
            {
                var (group, version, kind, verbs) = Subresources.Describe(sub, api.Group, api.Version, api.Kind);
                return (JsonNode)new JsonObject
                {
                    ["subresource"] = sub,
                    ["responseKind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind },
                    ["verbs"] = Strings(verbs),
                };
            })]);
        }

        return resource;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);

    /// <summary>Upstream: base64 of the first 8 bytes of sha256("group/version/kind") of the storage version.</summary>
    private static string StorageVersionHash(ApiResource api) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"{api.Group}/{api.Version}/{api.Kind}"))[..8]);
}
