using KubeSharp.ApiServer.Kubelet;
using KubeSharp.ApiServer.Registry;
using KubeSharp.ApiServer.Storage;
using KubeSharp.ApiServer.Watch;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>What every handler uses: the registry, the store, the watch caches, the clock and the limits.</summary>
internal sealed class ApiContext(
    ResourceRegistry registry, ObjectStore store, IReadOnlyDictionary<string, ResourceCache> caches, ServiceAllocator services, KubeletConnector kubelets, TimeProvider time, long maxBodyBytes)
{
    public ServiceAllocator Services { get; } = services;

    /// <summary>The way to the nodes' kubelets (pod logs, exec, attach, port-forward, stats).</summary>
    public KubeletConnector Kubelets { get; } = kubelets;

    public ResourceRegistry Registry { get; } = registry;

    public ObjectStore Store { get; } = store;

    public TimeProvider Time { get; } = time;

    public long MaxBodyBytes { get; } = maxBodyBytes;

    /// <summary>The watch cache of a resource (shared by every version served from the same storage).</summary>
    public ResourceCache Cache(RegisteredResource resource) => caches[resource.StoragePrefix];
}
