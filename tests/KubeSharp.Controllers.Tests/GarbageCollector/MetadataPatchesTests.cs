using KubeSharp.Controllers.GarbageCollector;

namespace KubeSharp.Controllers.Tests.GarbageCollector;

/// <summary>The request bodies: guarded JSON patches for owner references, a pinned merge patch for finalizers, DeleteOptions.</summary>
public sealed class MetadataPatchesTests
{
    private static readonly ObjectMetadata Dependent = new()
    {
        Name = "dep",
        Namespace = "default",
        Uid = "d1",
        ResourceVersion = "7",
        OwnerReferences =
        [
            new OwnerReference("v1", "ConfigMap", "a", "u1", BlockOwnerDeletion: true),
            new OwnerReference("v1", "ConfigMap", "b", "u2"),
            new OwnerReference("v1", "Secret", "c", "u3", Controller: true, BlockOwnerDeletion: true),
        ],
        Finalizers = ["example.com/keep", "orphan"],
    };

    [Fact]
    public void Removing_references_tests_the_uids_then_removes_from_the_last_index_down()
    {
        var patch = MetadataPatches.RemoveOwnerReferences(Dependent, ["u3", "u1"]);

        Assert.Equal(
            """[{"op":"test","path":"/metadata/uid","value":"d1"},{"op":"test","path":"/metadata/ownerReferences/0/uid","value":"u1"},{"op":"test","path":"/metadata/ownerReferences/2/uid","value":"u3"},{"op":"remove","path":"/metadata/ownerReferences/2"},{"op":"remove","path":"/metadata/ownerReferences/0"}]""",
            patch);
    }

    [Fact]
    public void Removing_every_reference_removes_the_field()
    {
        var patch = MetadataPatches.RemoveOwnerReferences(Dependent, ["u1", "u2", "u3"]);

        Assert.EndsWith("""{"op":"remove","path":"/metadata/ownerReferences"}]""", patch, StringComparison.Ordinal);
        Assert.DoesNotContain("/metadata/ownerReferences/0\"}", patch, StringComparison.Ordinal);
    }

    [Fact]
    public void Removing_references_the_object_does_not_have_needs_no_patch() =>
        Assert.Null(MetadataPatches.RemoveOwnerReferences(Dependent, ["u9"]));

    [Fact]
    public void Unblocking_clears_blockOwnerDeletion_on_the_blocking_references_only()
    {
        var patch = MetadataPatches.UnblockOwnerReferences(Dependent);

        Assert.Equal(
            """[{"op":"test","path":"/metadata/uid","value":"d1"},{"op":"test","path":"/metadata/ownerReferences/0/uid","value":"u1"},{"op":"test","path":"/metadata/ownerReferences/2/uid","value":"u3"},{"op":"replace","path":"/metadata/ownerReferences/0/blockOwnerDeletion","value":false},{"op":"replace","path":"/metadata/ownerReferences/2/blockOwnerDeletion","value":false}]""",
            patch);
    }

    [Fact]
    public void Removing_a_finalizer_keeps_the_others_and_pins_the_resource_version()
    {
        Assert.Equal("""{"metadata":{"resourceVersion":"7","finalizers":["example.com/keep"]}}""", MetadataPatches.RemoveFinalizer(Dependent, "orphan"));
        Assert.Null(MetadataPatches.RemoveFinalizer(Dependent, "foregroundDeletion"));
    }

    [Fact]
    public void Delete_options_carry_the_preconditions_and_the_policy()
    {
        Assert.Equal(
            """{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Background","preconditions":{"uid":"d1","resourceVersion":"7"}}""",
            MetadataPatches.DeleteOptions("d1", "7", "Background"));
        Assert.Equal(
            """{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Foreground","preconditions":{"uid":"d1"}}""",
            MetadataPatches.DeleteOptions("d1", null, "Foreground"));
    }
}
