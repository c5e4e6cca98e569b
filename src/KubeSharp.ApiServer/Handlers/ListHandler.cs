using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Http;
using KubeSharp.ApiServer.Storage;
using KubeSharp.ApiServer.Tables;
using KubeSharp.ApiServer.Watch;
using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>
/// LIST: served from the watch cache once it has caught up with the store (a consistent read, as
/// upstream's consistent-list-from-cache), filtered and paged; later pages and exact past
/// revisions come from the store at the first page's revision.
/// </summary>
internal static class ListHandler
{
    public static async Task HandleAsync(ApiContext api, ApiRequest request, ListOptions options)
    {
        var resource = request.Resource;
        var prefix = resource.NamespacePrefix(request.Namespace);
        var matches = new List<CachedObject>();
        long revision;
        ContinueToken? next = null;
        long? remaining = null;

        if (options.Continue is null && options.ResourceVersionMatch != "Exact")
        {
            var cache = api.Cache(resource);
            if (options.ResourceVersion != "0")
            {
                await cache.WaitUntilFreshAsync(options.RevisionNumber, request.Aborted);
            }

            var (items, at) = cache.Snapshot(prefix);
            revision = at;
            var filtered = 0;
            foreach (var item in items)
            {
                if (!Selected(item, options))
                {
                    continue;
                }

                if (options.Limit > 0 && matches.Count == options.Limit)
                {
                    filtered++;
                    continue;
                }

                matches.Add(item);
            }

            if (filtered > 0)
            {
                next = new ContinueToken(revision, matches[^1].Key);
                remaining = options.Labels.IsEverything && options.Fields.IsEverything ? filtered : null;
            }
        }
        else
        {
            revision = options.Continue?.Revision ?? options.RevisionNumber;
            (next, matches) = await ReadStoreAsync(api, request, prefix, revision, options.Continue?.StartAfter, options);
        }

        if (request.WantsTable)
        {
            var table = TableWriter.Build(resource, matches.Select(m => m.Parse()), Text(revision), next?.Encode(), remaining,
                request.Query("includeObject") == "Object", includeColumns: true, api.Time.GetUtcNow());
            await Responses.WriteJsonAsync(request.Http, 200, table, MediaTypes.Table);
            return;
        }

        await WriteListAsync(request, resource.Api.ListKind, resource.Api.GroupVersion, matches, revision, next, remaining);
    }

    private static async Task<(ContinueToken? Next, List<CachedObject> Items)> ReadStoreAsync(
        ApiContext api, ApiRequest request, string prefix, long revision, string? startAfter, ListOptions options)
    {
        var matches = new List<CachedObject>();
        var after = startAfter;
        try
        {
            while (true)
            {
                var page = await api.Store.Backend.ListAsync(prefix, revision, after, Math.Max(options.Limit, 500), request.Aborted);
                revision = page.Revision;
                foreach (var kv in page.Items)
                {
                    var item = CachedObject.From(kv.Key, kv.Value, kv.ModRevision, request.Resource.Strategy);
                    if (!Selected(item, options))
                    {
                        continue;
                    }

                    if (options.Limit > 0 && matches.Count == options.Limit)
                    {
                        return (new ContinueToken(revision, matches[^1].Key), matches);
                    }

                    matches.Add(item);
                }

                if (!page.More)
                {
                    return (null, matches);
                }

                after = page.Items[^1].Key;
            }
        }
        catch (CompactedException)
        {
            throw ApiErrors.Expired(startAfter is null
                ? $"The resourceVersion for the provided list is too old."
                : "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
        }
    }

    public static bool Selected(CachedObject item, ListOptions options) =>
        options.Labels.Matches(item.Labels) && options.Fields.Matches(item.Fields);

    private static async Task WriteListAsync(ApiRequest request, string kind, string apiVersion, List<CachedObject> items, long revision, ContinueToken? next, long? remaining)
    {
        var response = request.Http.Response;
        response.StatusCode = 200;
        response.ContentType = MediaTypes.Json;
        await using var writer = new Utf8JsonWriter(response.BodyWriter.AsStream(), KubeSharp.Api.Json.JsonDefaults.Writer);
        writer.WriteStartObject();
        writer.WriteString("kind", kind);
        writer.WriteString("apiVersion", apiVersion);
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", Text(revision));
        if (next is not null)
        {
            writer.WriteString("continue", next.Encode());
        }

        if (remaining is { } count)
        {
            writer.WriteNumber("remainingItemCount", count);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("items");
        foreach (var item in items)
        {
            writer.WriteRawValue(item.Json, skipInputValidation: true);
            if (writer.BytesPending > 64 * 1024)
            {
                await writer.FlushAsync(request.Aborted);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(request.Aborted);
    }

    private static string Text(long revision) => revision.ToString(CultureInfo.InvariantCulture);
}
