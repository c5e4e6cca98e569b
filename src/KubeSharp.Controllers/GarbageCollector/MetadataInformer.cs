using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using KubeSharp.Client.Informers;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>
/// A metadata-only informer for one discovered resource (upstream's metadata informer that feeds
/// a GC monitor): lists, then watches from the list's resourceVersion with bookmarks, keeping only
/// what <see cref="ObjectMetadata"/> holds. A watch that ends is resumed from the last
/// resourceVersion seen; an ERROR event (410 Expired) or a failure re-lists, and the difference
/// from the cache is told as events, so no deletion is missed.
/// </summary>
internal sealed partial class MetadataInformer
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly MetadataClient _client;
    private readonly DiscoveredResource _resource;
    private readonly IResourceEventHandler<ObjectMetadata> _handler;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, ObjectMetadata> _items = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _resourceVersion = "0";

    public MetadataInformer(MetadataClient client, DiscoveredResource resource, IResourceEventHandler<ObjectMetadata> handler, TimeProvider time, ILogger logger)
    {
        _client = client;
        _resource = resource;
        _handler = handler;
        _time = time;
        _logger = logger;
    }

    /// <summary>Completes once the first list has been told to the handler.</summary>
    public Task Synced => _synced.Task;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ListAsync(cancellationToken);
                _synced.TrySetResult();
                while (!cancellationToken.IsCancellationRequested && await WatchAsync(cancellationToken))
                {
                    // The server ended the watch (its timeout): resume from the last resourceVersion.
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                LogRelist(_resource, error.Message);
                try
                {
                    await Task.Delay(RetryDelay, _time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var (items, resourceVersion) = await _client.ListAsync(_resource.CollectionPath, cancellationToken);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            seen.Add(item.Key);
            Upsert(item);
        }

        foreach (var stale in _items.Values.Where(item => !seen.Contains(item.Key)).ToList())
        {
            Remove(stale);
        }

        _resourceVersion = resourceVersion.Length > 0 ? resourceVersion : "0";
    }

    /// <summary>Follows one watch; true if it ended normally and may be resumed, false to re-list.</summary>
    private async Task<bool> WatchAsync(CancellationToken cancellationToken)
    {
        // Spread the server-side timeouts so watches do not all restart at once (client-go: 5 to 10 minutes).
        var timeoutSeconds = Random.Shared.Next(300, 600).ToString(CultureInfo.InvariantCulture);
        var path = $"{_resource.CollectionPath}?watch=true&allowWatchBookmarks=true&resourceVersion={Uri.EscapeDataString(_resourceVersion)}&timeoutSeconds={timeoutSeconds}";
        using var request = new HttpRequestMessage(HttpMethod.Get, _client.AddressOf(path));
        request.Headers.Accept.ParseAdd(MetadataPatches.Json);
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Gone)
        {
            return false;
        }

        await MetadataClient.EnsureSuccessAsync(request, response, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(body, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var type = root.TryGetProperty("type", out var found) ? found.GetString() : null;
            if (!root.TryGetProperty("object", out var item) || item.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            switch (type)
            {
                case "ERROR":
                    // Typically 410 Expired: the history asked for is gone, only a fresh list says what is there.
                    LogWatchError(_resource, item.TryGetProperty("message", out var message) ? message.GetString() : null);
                    return false;
                case "ADDED" or "MODIFIED":
                    Upsert(ObjectMetadata.Parse(item));
                    break;
                case "DELETED":
                    Remove(ObjectMetadata.Parse(item));
                    break;
            }

            if (item.TryGetProperty("metadata", out var metadata)
                && metadata.TryGetProperty("resourceVersion", out var version)
                && version.GetString() is { Length: > 0 } seenVersion)
            {
                _resourceVersion = seenVersion;
            }
        }

        return true;
    }

    private void Upsert(ObjectMetadata item)
    {
        if (!_items.TryGetValue(item.Key, out var old))
        {
            _items[item.Key] = item;
            _handler.OnAdd(item);
            return;
        }

        _items[item.Key] = item;
        if (old.Uid != item.Uid)
        {
            // Deleted and re-created while the watch was down: the graph must hear of both objects.
            _handler.OnDelete(old);
            _handler.OnAdd(item);
        }
        else if (old.ResourceVersion != item.ResourceVersion)
        {
            _handler.OnUpdate(old, item);
        }
    }

    private void Remove(ObjectMetadata item)
    {
        // Tell the last state the cache had when the event carries less (upstream's DeletedFinalStateUnknown).
        if (_items.Remove(item.Key, out var old))
        {
            _handler.OnDelete(item.Uid.Length > 0 ? item : old);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "garbage collector: re-listing {Resource} ({Reason})")]
    private partial void LogRelist(DiscoveredResource resource, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "garbage collector: watch of {Resource} ended with an error ({Reason}); re-listing")]
    private partial void LogWatchError(DiscoveredResource resource, string? reason);
}
