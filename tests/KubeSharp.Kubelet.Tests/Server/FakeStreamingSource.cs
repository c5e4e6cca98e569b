using k8s.Models;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Pods;
using KubeSharp.Kubelet.Server;

namespace KubeSharp.Kubelet.Tests.Server;

/// <summary>A node with the pods and runtime containers a test gives it, and no runtime to call.</summary>
internal sealed class FakeStreamingSource : IPodStreamingSource
{
    private readonly List<V1Pod> _pods = [];
    private readonly Dictionary<string, RuntimePod> _runtime = new(StringComparer.Ordinal);

    public CriClient Cri => throw new NotSupportedException("the tests call no runtime");

    public void Add(V1Pod pod, params RuntimeContainer[] containers)
    {
        _pods.Add(pod);
        _runtime[pod.Metadata.Uid] = new RuntimePod([], containers);
    }

    public V1Pod? FindPod(string @namespace, string name) =>
        _pods.FirstOrDefault(p => p.Metadata.NamespaceProperty == @namespace && p.Metadata.Name == name);

    public IReadOnlyList<V1Pod> Pods() => _pods;

    public Task<RuntimePod> ReadRuntimeAsync(string podUid, CancellationToken cancellationToken) =>
        Task.FromResult(_runtime.GetValueOrDefault(podUid) ?? new RuntimePod([], []));

    public Task<string?> NetworkNamespaceAsync(string podUid, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
