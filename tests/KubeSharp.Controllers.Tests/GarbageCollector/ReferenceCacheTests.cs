using KubeSharp.Controllers.GarbageCollector;

namespace KubeSharp.Controllers.Tests.GarbageCollector;

public sealed class ReferenceCacheTests
{
    [Fact]
    public void The_least_recently_used_owner_is_forgotten_first()
    {
        var cache = new ReferenceCache(2);
        var a = Identity("a");
        var b = Identity("b");
        cache.Add(a);
        cache.Add(b);
        Assert.True(cache.Has(a));

        cache.Add(Identity("c"));

        Assert.True(cache.Has(a));
        Assert.False(cache.Has(b));
        Assert.True(cache.Has(Identity("c")));
    }

    [Fact]
    public void Namespaced_and_cluster_scoped_identities_are_different_entries()
    {
        var cache = new ReferenceCache(10);
        cache.Add(Identity("a"));

        Assert.False(cache.Has(Identity("a") with { Namespace = string.Empty }));
    }

    private static ObjectIdentity Identity(string name) => new("v1", "ConfigMap", name, "uid-" + name, "default");
}
