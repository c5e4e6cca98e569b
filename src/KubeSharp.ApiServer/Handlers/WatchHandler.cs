using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Http;
using KubeSharp.ApiServer.Tables;
using KubeSharp.ApiServer.Watch;
using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>
/// WATCH: a stream of <c>{"type":...,"object":...}</c> lines from the watch cache. Without a
/// resourceVersion (or with 0) it starts with ADDED for every current object; with one, it replays
/// what came after it, or answers an ERROR event 410 Expired if that history is gone. Selectors
/// turn an object moving in or out of the selection into ADDED or DELETED.
/// </summary>
internal static class WatchHandler
{
    private static readonly TimeSpan BookmarkInterval = TimeSpan.FromSeconds(30);

    public static async Task HandleAsync(ApiContext api, ApiRequest request, ListOptions options)
    {
        var resource = request.Resource;
        var cache = api.Cache(resource);
        var prefix = resource.NamespacePrefix(request.Namespace);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(request.Aborted);
        if (options.Timeout is { } timeout)
        {
            stop.CancelAfter(timeout);
        }

        var token = stop.Token;
        var table = request.WantsTable;
        var response = request.Http.Response;
        response.StatusCode = 200;
        response.ContentType = table ? MediaTypes.Table : MediaTypes.Json;
        var stream = new WatchStream(api, request, table, options);

        try
        {
            // Initial state: synthetic ADDED events, unless the client resumes from a revision.
            var initial = options.SendInitialEvents ?? (options.ResourceVersion is null or "0");
            long from;
            if (initial)
            {
                if (options.ResourceVersion != "0" || options.SendInitialEvents == true)
                {
                    await cache.WaitUntilFreshAsync(options.RevisionNumber, token);
                }

                var (items, at) = cache.Snapshot(prefix);
                from = at;
                var events = cache.Watch(prefix, from, token);
                foreach (var item in items)
                {
                    if (ListHandler.Selected(item, options))
                    {
                        await stream.WriteAsync("ADDED", item, token);
                    }
                }

                if (options.SendInitialEvents == true && options.AllowBookmarks)
                {
                    await stream.WriteBookmarkAsync(from, initialEventsEnd: true, token);
                }

                await stream.FollowAsync(events, token);
            }
            else
            {
                from = options.RevisionNumber;
                await cache.Ready.WaitAsync(token);
                ChannelReader<CacheEvent> events;
                try
                {
                    events = cache.Watch(prefix, from, token);
                }
                catch (ApiException expired) when (expired.Reason == "Expired")
                {
                    // As upstream: the stream opens, then says 410 Expired in an ERROR event.
                    await stream.WriteErrorAsync(expired, token);
                    return;
                }

                await response.Body.FlushAsync(token);
                await stream.FollowAsync(events, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // timeoutSeconds reached or the client went away: the stream just ends.
        }
    }

    private sealed class WatchStream(ApiContext api, ApiRequest request, bool table, ListOptions options)
    {
        private bool _columnsSent;
        private DateTimeOffset _lastBookmark = api.Time.GetUtcNow();

        public async Task FollowAsync(ChannelReader<CacheEvent> events, CancellationToken token)
        {
            await request.Http.Response.Body.FlushAsync(token);
            try
            {
                await FollowEventsAsync(events, token);
            }
            catch (ApiException expired) when (expired.Reason == "Expired")
            {
                await WriteErrorAsync(expired, token);
            }
        }

        private async Task FollowEventsAsync(ChannelReader<CacheEvent> events, CancellationToken token)
        {
            await foreach (var change in events.ReadAllAsync(token))
            {
                if (change.Type == WatchEventType.Progress)
                {
                    if (options.AllowBookmarks && api.Time.GetUtcNow() - _lastBookmark >= BookmarkInterval)
                    {
                        await WriteBookmarkAsync(change.Revision, initialEventsEnd: false, token);
                    }

                    continue;
                }

                var item = change.Object!;
                var now = ListHandler.Selected(item, options);
                var before = change.Previous is { } previous && ListHandler.Selected(previous, options);
                var type = change.Type switch
                {
                    WatchEventType.Deleted => before || now ? "DELETED" : null,
                    WatchEventType.Created => now ? "ADDED" : null,
                    _ => (before, now) switch
                    {
                        (true, true) => "MODIFIED",
                        (false, true) => "ADDED",
                        (true, false) => "DELETED",
                        _ => null,
                    },
                };
                if (type is not null)
                {
                    await WriteAsync(type, item, token);
                }
            }
        }

        public async Task WriteAsync(string type, CachedObject item, CancellationToken token)
        {
            if (!table)
            {
                await WriteLineAsync(type, item.Json, token);
                return;
            }

            var rows = TableWriter.Build(request.Resource, [item.Parse()], item.Revision.ToString(CultureInfo.InvariantCulture), null, null,
                request.Query("includeObject") == "Object", includeColumns: !_columnsSent, api.Time.GetUtcNow());
            _columnsSent = true;
            await WriteLineAsync(type, KubeSharp.Api.Json.JsonDefaults.Serialize(rows), token);
        }

        public async Task WriteBookmarkAsync(long revision, bool initialEventsEnd, CancellationToken token)
        {
            var metadata = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) };
            if (initialEventsEnd)
            {
                metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
            }

            var bookmark = new JsonObject
            {
                ["kind"] = request.Resource.Api.Kind,
                ["apiVersion"] = request.Resource.Api.GroupVersion,
                ["metadata"] = metadata,
            };
            _lastBookmark = api.Time.GetUtcNow();
            await WriteLineAsync("BOOKMARK", KubeSharp.Api.Json.JsonDefaults.Serialize(bookmark), token);
        }

        public Task WriteErrorAsync(ApiException error, CancellationToken token) =>
            WriteLineAsync("ERROR", KubeSharp.Api.Json.JsonDefaults.Serialize(Responses.Status(error)), token);

        private async Task WriteLineAsync(string type, byte[] body, CancellationToken token)
        {
            var output = request.Http.Response.Body;
            await output.WriteAsync(System.Text.Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\",\"object\":"), token);
            await output.WriteAsync(body, token);
            await output.WriteAsync("}\n"u8.ToArray(), token);
            await output.FlushAsync(token);
        }
    }
}
