using System.Globalization;
using System.Text.Json.Nodes;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Handlers;

namespace KubeSharp.ApiServer.Apply;

/// <summary>
/// Upstream's field manager: every write records who changed which fields in metadata.managedFields.
/// Updates (create, PUT, non-apply PATCH) add what they changed to their manager's Update entry and
/// take it from everyone else; server-side apply is in <see cref="ApplyMerge"/>.
/// </summary>
internal static class FieldManager
{
    // Metadata the server owns or that names the object: never tracked (upstream's stripped fields).
    private static readonly HashSet<string> UntrackedMetadata = new(StringComparer.Ordinal)
        { "f:name", "f:namespace", "f:uid", "f:resourceVersion", "f:generation", "f:creationTimestamp", "f:deletionTimestamp", "f:deletionGracePeriodSeconds", "f:selfLink", "f:managedFields" };

    private static readonly string MetadataPrefix = "f:metadata" + FieldSet.Separator;

    /// <summary>The manager a request writes as: fieldManager, else the user agent's first segment, else "unknown".</summary>
    public static string ManagerName(ApiRequest request)
    {
        if (request.Query("fieldManager") is { Length: > 0 } manager)
        {
            return manager;
        }

        var agent = request.Http.Request.Headers.UserAgent.ToString();
        var prefix = agent.Split('/', 2)[0].Trim();
        return prefix.Length > 0 ? prefix : "unknown";
    }

    /// <summary>Records an update from <paramref name="current"/> (null for a create) to <paramref name="next"/> in next's managedFields.</summary>
    public static void RecordUpdate(ApiRequest request, JsonObject? current, JsonObject next, string? subresource)
    {
        // managedFields sent with the object replace the stored ones (kubectl's client-side-apply upgrade does this).
        var entries = ManagedEntry.Read(next.Get("metadata.managedFields") is JsonArray ? next : current);
        var schema = FieldSchema.ForModel(request.Resource.Api.ModelType);
        var (changed, removed) = ObjectFields.Compare(current, next, schema, Untracked(request, subresource));
        if (changed.IsEmpty && removed.IsEmpty)
        {
            ManagedEntry.Write(next, entries);
            return;
        }

        var manager = ManagerName(request);
        var apiVersion = request.Resource.Api.GroupVersion;
        var own = entries.FirstOrDefault(e => e.Is(manager, ManagedEntry.Update, apiVersion, subresource));
        var updated = entries.Where(e => !ReferenceEquals(e, own)).Select(e => e with { Fields = Without(e.Fields, changed.Union(removed)) }).ToList();
        updated.Add(new ManagedEntry(manager, ManagedEntry.Update, apiVersion, Now(request), subresource, Without((own?.Fields ?? new FieldSet()).Union(changed), removed)));
        ManagedEntry.Write(next, updated);
    }

    /// <summary>
    /// The paths a write does not track: type meta, server-owned metadata, and the half of the object
    /// a subresource does not write (status on the main resource when it has a status subresource).
    /// </summary>
    public static Func<string, bool> Untracked(ApiRequest request, string? subresource)
    {
        var skipStatus = subresource is null && request.Resource.Strategy.HasStatusSubresource;
        return path => path switch
        {
            "f:apiVersion" or "f:kind" => true,
            "f:status" => skipStatus,
            _ when path.StartsWith(MetadataPrefix, StringComparison.Ordinal) => UntrackedMetadata.Contains(path[MetadataPrefix.Length..]),
            _ => subresource == "status" && path.IndexOf(FieldSet.Separator, StringComparison.Ordinal) < 0,
        };
    }

    public static string Now(ApiRequest request) =>
        request.Api.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The set without the given paths and anything below them.</summary>
    public static FieldSet Without(FieldSet set, FieldSet gone) => gone.IsEmpty ? set : set.Where(path => !Covered(path, gone));

    /// <summary>The path or one of its ancestors is in <paramref name="gone"/>: one lookup per level, not one scan per pair.</summary>
    private static bool Covered(string path, FieldSet gone)
    {
        if (gone.Contains(path))
        {
            return true;
        }

        for (var end = path.IndexOf(FieldSet.Separator, StringComparison.Ordinal); end >= 0; end = path.IndexOf(FieldSet.Separator, end + 1))
        {
            if (gone.Contains(path[..end]))
            {
                return true;
            }
        }

        return false;
    }
}
