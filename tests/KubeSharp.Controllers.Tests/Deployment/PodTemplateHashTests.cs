using k8s.Models;
using KubeSharp.Controllers.Deployment;

namespace KubeSharp.Controllers.Tests.Deployment;

/// <summary>controller.ComputeHash's parts (FNV-32a, SafeEncodeString) and what the hash must and must not depend on.</summary>
public sealed class PodTemplateHashTests
{
    [Fact]
    public void Fnv32a_matches_the_reference_vectors()
    {
        Assert.Equal(0x811c9dc5u, PodTemplateHash.Fnv32a([]));
        Assert.Equal(0xe40c292cu, PodTemplateHash.Fnv32a("a"u8));
        Assert.Equal(0xbf9cf968u, PodTemplateHash.Fnv32a("foobar"u8));
    }

    [Fact]
    public void SafeEncodeString_maps_each_character_by_its_code()
    {
        Assert.Equal("456789bcdf", PodTemplateHash.SafeEncodeString("0123456789"));
        Assert.Equal("8689886bf9", PodTemplateHash.SafeEncodeString("4245442695"));
    }

    [Fact]
    public void The_hash_is_stable_for_an_unchanged_template()
    {
        var hash = PodTemplateHash.Compute(Builders.Template("nginx:1.25"), null);

        Assert.Equal(hash, PodTemplateHash.Compute(Builders.Template("nginx:1.25"), null));
        Assert.Matches("^[bcdfghjklmnpqrstvwxz2456789]{1,10}$", hash);
    }

    [Fact]
    public void Label_order_and_empty_fields_do_not_change_the_hash()
    {
        var a = Builders.Template("nginx:1.25");
        a.Metadata.Labels = new Dictionary<string, string> { ["app"] = "foo", ["tier"] = "web" };
        var b = Builders.Template("nginx:1.25");
        b.Metadata.Labels = new Dictionary<string, string> { ["tier"] = "web", ["app"] = "foo" };
        b.Metadata.Annotations = new Dictionary<string, string>();
        b.Spec.Volumes = [];

        Assert.Equal(PodTemplateHash.Compute(a, null), PodTemplateHash.Compute(b, null));
    }

    [Fact]
    public void The_hash_changes_with_the_template_and_with_collisionCount()
    {
        var hash = PodTemplateHash.Compute(Builders.Template("nginx:1.25"), null);
        var restarted = Builders.Template("nginx:1.25");
        restarted.Metadata.Annotations = new Dictionary<string, string> { ["kubectl.kubernetes.io/restartedAt"] = "2026-01-01T10:00:00Z" };

        Assert.NotEqual(hash, PodTemplateHash.Compute(Builders.Template("nginx:1.26"), null));
        Assert.NotEqual(hash, PodTemplateHash.Compute(restarted, null));
        Assert.NotEqual(hash, PodTemplateHash.Compute(Builders.Template("nginx:1.25"), 1));
        Assert.NotEqual(PodTemplateHash.Compute(Builders.Template("nginx:1.25"), 1), PodTemplateHash.Compute(Builders.Template("nginx:1.25"), 2));
    }

    [Fact]
    public void Templates_are_equal_whatever_their_pod_template_hash_labels()
    {
        var deployment = Builders.Template("nginx:1.25");
        var replicaSet = Builders.Template("nginx:1.25");
        replicaSet.Metadata.Labels[PodTemplateHash.Label] = "abc";

        Assert.True(PodTemplates.EqualIgnoreHash(deployment, replicaSet));
        Assert.False(PodTemplates.EqualIgnoreHash(Builders.Template("nginx:1.26"), replicaSet));
        Assert.True(PodTemplates.EqualIgnoreHash(new V1PodTemplateSpec(), new V1PodTemplateSpec { Metadata = new V1ObjectMeta() }));
    }
}
