using System.Globalization;
using System.Text.Json.Nodes;

namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>
/// The request bodies the garbage collector sends. Owner references change through JSON patches
/// that first test the object's uid and each entry's uid at its index, so they apply to any
/// resource, never clobber a concurrent change to other fields, and fail rather than touch the wrong
/// entry. Finalizers change through a merge patch pinned to the resourceVersion read, as upstream.
/// </summary>
internal static class MetadataPatches
{
    public const string JsonPatch = "application/json-patch+json";
    public const string MergePatch = "application/merge-patch+json";
    public const string Json = "application/json";

    /// <summary>Removes the references to the given owner uids; null when the object has none of them.</summary>
    public static string? RemoveOwnerReferences(ObjectMetadata latest, IEnumerable<string> ownerUids)
    {
        var uids = ownerUids.ToHashSet(StringComparer.Ordinal);
        var indexes = Enumerable.Range(0, latest.OwnerReferences.Count).Where(i => uids.Contains(latest.OwnerReferences[i].Uid)).ToList();
        if (indexes.Count == 0)
        {
            return null;
        }

        var operations = Tests(latest, indexes);
        if (indexes.Count == latest.OwnerReferences.Count)
        {
            // None left: drop the field rather than leave an empty list behind.
            operations.Add(new JsonObject { ["op"] = "remove", ["path"] = "/metadata/ownerReferences" });
            return operations.ToJsonString();
        }

        // From the last index down, so earlier removals do not shift later ones.
        foreach (var index in Enumerable.Reverse(indexes))
        {
            operations.Add(new JsonObject { ["op"] = "remove", ["path"] = ReferencePath(index) });
        }

        return operations.ToJsonString();
    }

    /// <summary>Sets blockOwnerDeletion=false on every blocking reference (upstream's unblockOwnerReferences); null when none blocks.</summary>
    public static string? UnblockOwnerReferences(ObjectMetadata latest)
    {
        var indexes = Enumerable.Range(0, latest.OwnerReferences.Count).Where(i => latest.OwnerReferences[i].Blocks).ToList();
        if (indexes.Count == 0)
        {
            return null;
        }

        var operations = Tests(latest, indexes);
        foreach (var index in indexes)
        {
            operations.Add(new JsonObject { ["op"] = "replace", ["path"] = ReferencePath(index) + "/blockOwnerDeletion", ["value"] = false });
        }

        return operations.ToJsonString();
    }

    /// <summary>Drops the finalizer, failing with a conflict if the object changed since it was read; null when it is not there.</summary>
    public static string? RemoveFinalizer(ObjectMetadata latest, string finalizer)
    {
        if (!latest.HasFinalizer(finalizer))
        {
            return null;
        }

        var remaining = new JsonArray([.. latest.Finalizers.Where(f => f != finalizer).Select(f => (JsonNode)f)]);
        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = latest.ResourceVersion, ["finalizers"] = remaining },
        }.ToJsonString();
    }

    /// <summary>DeleteOptions with the uid (and, if given, resourceVersion) as preconditions, so only the object that was judged is deleted.</summary>
    public static string DeleteOptions(string uid, string? resourceVersion, string policy)
    {
        var preconditions = new JsonObject { ["uid"] = uid };
        if (!string.IsNullOrEmpty(resourceVersion))
        {
            preconditions["resourceVersion"] = resourceVersion;
        }

        return new JsonObject
        {
            ["kind"] = "DeleteOptions",
            ["apiVersion"] = "v1",
            ["propagationPolicy"] = policy,
            ["preconditions"] = preconditions,
        }.ToJsonString();
    }

    private static JsonArray Tests(ObjectMetadata latest, List<int> indexes)
    {
        var operations = new JsonArray { Test("/metadata/uid", latest.Uid) };
        foreach (var index in indexes)
        {
            operations.Add(Test(ReferencePath(index) + "/uid", latest.OwnerReferences[index].Uid));
        }

        return operations;
    }

    private static JsonObject Test(string path, string value) => new() { ["op"] = "test", ["path"] = path, ["value"] = value };

    private static string ReferencePath(int index) => "/metadata/ownerReferences/" + index.ToString(CultureInfo.InvariantCulture);
}
