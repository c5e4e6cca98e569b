using System.Text.Json;
using KubeSharp.Controllers.GarbageCollector;

namespace KubeSharp.Controllers.Tests.GarbageCollector;

public sealed class ObjectMetadataTests
{
    [Fact]
    public void Parsing_keeps_identity_owners_finalizers_and_deletion_only()
    {
        using var document = JsonDocument.Parse("""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dep","namespace":"team","uid":"d1","resourceVersion":"42",
              "labels":{"a":"b"},"finalizers":["orphan"],"deletionTimestamp":"2026-01-01T00:00:00Z",
              "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web","uid":"o1","controller":true,"blockOwnerDeletion":true},
                                 {"apiVersion":"v1","kind":"ConfigMap","name":"cfg","uid":"o2"}]},
             "data":{"big":"value"}}
            """);

        var item = ObjectMetadata.Parse(document.RootElement);

        Assert.Equal(("dep", "team", "d1", "42", "team/dep"), (item.Name, item.Namespace, item.Uid, item.ResourceVersion, item.Key));
        Assert.Equal("v1", item.ApiVersion);
        Assert.Equal("ConfigMap", item.Kind);
        Assert.True(item.BeingDeleted);
        Assert.True(item.HasFinalizer("orphan"));
        Assert.Equal(
            [new OwnerReference("apps/v1", "ReplicaSet", "web", "o1", true, true), new OwnerReference("v1", "ConfigMap", "cfg", "o2")],
            item.OwnerReferences);
    }

    [Fact]
    public void A_cluster_scoped_object_is_keyed_by_name()
    {
        using var document = JsonDocument.Parse("""{"metadata":{"name":"n1","uid":"u"}}""");

        var item = ObjectMetadata.Parse(document.RootElement);

        Assert.Equal("n1", item.Key);
        Assert.Empty(item.OwnerReferences);
        Assert.False(item.BeingDeleted);
    }
}
