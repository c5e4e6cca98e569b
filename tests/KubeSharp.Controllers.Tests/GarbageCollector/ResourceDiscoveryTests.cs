using System.Text.Json;
using KubeSharp.Controllers.GarbageCollector;

namespace KubeSharp.Controllers.Tests.GarbageCollector;

/// <summary>Reading discovery documents: what is watched, and how owner references map to paths.</summary>
public sealed class ResourceDiscoveryTests
{
    private const string CoreList = """
        {"kind":"APIResourceList","groupVersion":"v1","resources":[
          {"name":"configmaps","singularName":"configmap","namespaced":true,"kind":"ConfigMap","verbs":["create","delete","get","list","patch","update","watch"]},
          {"name":"pods","namespaced":true,"kind":"Pod","verbs":["create","delete","get","list","watch"]},
          {"name":"pods/status","namespaced":true,"kind":"Pod","verbs":["get","patch","update"]},
          {"name":"nodes","namespaced":false,"kind":"Node","verbs":["delete","get","list","watch"]},
          {"name":"events","namespaced":true,"kind":"Event","verbs":["delete","get","list","watch"]},
          {"name":"bindings","namespaced":true,"kind":"Binding","verbs":["create"]}
        ]}
        """;

    [Fact]
    public void Resource_lists_skip_subresources()
    {
        using var document = JsonDocument.Parse(CoreList);

        var resources = ResourceDiscovery.ParseResourceList(document.RootElement, string.Empty, "v1");

        Assert.Equal(["configmaps", "pods", "nodes", "events", "bindings"], resources.Select(r => r.Resource));
        Assert.True(resources.Single(r => r.Resource == "pods").Namespaced);
        Assert.False(resources.Single(r => r.Resource == "nodes").Namespaced);
    }

    [Fact]
    public void Only_listable_watchable_deletable_resources_that_are_not_ignored_are_watched()
    {
        using var document = JsonDocument.Parse(CoreList);
        var resources = ResourceDiscovery.ParseResourceList(document.RootElement, string.Empty, "v1");
        var map = new ResourceMap(resources, resources, new HashSet<string>());

        var watched = map.Deletable(new HashSet<string> { "events" }).Select(r => r.Resource);

        Assert.Equal(["configmaps", "pods", "nodes"], watched);
    }

    [Fact]
    public void Owner_references_map_to_object_paths_by_group_version_and_kind()
    {
        using var document = JsonDocument.Parse(CoreList);
        var core = ResourceDiscovery.ParseResourceList(document.RootElement, string.Empty, "v1");
        var apps = new DiscoveredResource("apps", "v1", "replicasets", "ReplicaSet", true, new HashSet<string> { "list", "watch", "delete" });
        var map = new ResourceMap([.. core, apps], [.. core, apps], new HashSet<string>());

        Assert.Equal("api/v1/namespaces/team/configmaps/settings", map.Find("v1", "ConfigMap")!.ObjectPath("team", "settings"));
        Assert.Equal("api/v1/nodes/n1", map.Find("v1", "Node")!.ObjectPath("team", "n1"));
        Assert.Equal("apis/apps/v1/namespaces/team/replicasets/web", map.Find("apps/v1", "ReplicaSet")!.ObjectPath("team", "web"));
        Assert.Equal("apis/apps/v1/replicasets", map.Find("apps/v1", "ReplicaSet")!.CollectionPath);
        Assert.Null(map.Find("apps/v1beta1", "ReplicaSet"));
        Assert.False(map.Find("v1", "Binding")!.Supports("list"));
    }
}
