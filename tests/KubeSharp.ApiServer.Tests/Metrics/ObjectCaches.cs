using System.Text.Json.Nodes;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry;
using KubeSharp.ApiServer.Storage;
using KubeSharp.ApiServer.Watch;
using KubeSharp.Storage.Memory;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.ApiServer.Tests.Metrics;

/// <summary>The watch caches of nodes, pods, services, endpoints and endpoint slices over an in-memory store holding the given objects.</summary>
internal sealed class ObjectCaches : IAsyncDisposable
{
    private static readonly string[] Plurals = ["nodes", "pods", "services", "endpoints", "endpointslices"];

    private readonly MemoryBackend _store;
    private readonly Dictionary<string, ResourceCache> _caches;

    private ObjectCaches(MemoryBackend store, Dictionary<string, ResourceCache> caches)
    {
        _store = store;
        _caches = caches;
    }

    public ResourceCache this[string plural] => _caches[plural];

    /// <param name="objects">Objects as JSON text, each with apiVersion and kind.</param>
    public static async Task<ObjectCaches> StartAsync(params string[] objects)
    {
        var registry = new ResourceRegistry(BuiltInResources.Create());
        var store = new MemoryBackend();
        foreach (var text in objects)
        {
            var item = (JsonObject)JsonNode.Parse(text)!;
            var resource = registry.All.First(r => r.Api.GroupVersion == item.GetString("apiVersion") && r.Api.Kind == item.GetString("kind"));
            await store.CreateAsync(resource.Key(item.GetString("metadata.namespace"), item.GetString("metadata.name")!), ObjectCodec.Encode(item), CancellationToken.None);
        }

        var caches = new Dictionary<string, ResourceCache>();
        foreach (var plural in Plurals)
        {
            var cache = new ResourceCache(registry.All.First(r => r.Api.Plural == plural), store, TimeProvider.System, NullLogger.Instance);
            cache.Start();
            await cache.Ready;
            caches[plural] = cache;
        }

        return new ObjectCaches(store, caches);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var cache in _caches.Values)
        {
            await cache.DisposeAsync();
        }

        await _store.DisposeAsync();
    }
}
