using k8s.Models;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Pods;
using KubeSharp.Kubelet.Server;

namespace KubeSharp.Kubelet.Tests;

/// <summary>
/// A node for the streaming handlers' tests, with no runtime to call: the pods a test adds (each with
/// its containers), and for any other pod a ready sandbox <see cref="SandboxId"/> (unless
/// <see cref="HasSandbox"/> is false) holding the containers given to the constructor.
/// </summary>
internal sealed class FakePodStreamingSource(params RuntimeContainer[] containers) : IPodStreamingSource
{
    public const string SandboxId = "sandbox-1";

    private readonly List<V1Pod> _pods = [];
    private readonly Dictionary<string, RuntimePod> _runtime = new(StringComparer.Ordinal);

    public bool HasSandbox { get; init; } = true;

    /// <summary>The pods' network namespace; null: none, as for a host-network pod.</summary>
    public string? NetworkNamespace { get; init; }

    public CriClient Cri => throw new NotSupportedException("the tests call no runtime");

    public static RuntimeContainer Container(string name, ContainerState state = ContainerState.ContainerRunning, string id = "c-app") => new(
        id, name, "sandbox", 0, state, DateTimeOffset.UnixEpoch, null, null, 0, string.Empty, string.Empty,
        "localhost/busybox:1.35", "sha256:busybox", "hash", 0, null, "/var/log/pods/app/0.log");

    public void Add(V1Pod pod, params RuntimeContainer[] podContainers)
    {
        _pods.Add(pod);
        _runtime[pod.Metadata.Uid] = new RuntimePod([], podContainers);
    }

    public V1Pod? FindPod(string @namespace, string name) =>
        _pods.FirstOrDefault(p => p.Metadata.NamespaceProperty == @namespace && p.Metadata.Name == name);

    public IReadOnlyList<V1Pod> Pods() => _pods;

    public Task<RuntimePod> ReadRuntimeAsync(string podUid, CancellationToken cancellationToken)
    {
        if (_runtime.TryGetValue(podUid, out var added))
        {
            return Task.FromResult(added);
        }

        IReadOnlyList<RuntimeSandbox> sandboxes = HasSandbox
            ? [new RuntimeSandbox(SandboxId, 0, PodSandboxState.SandboxReady, DateTimeOffset.UnixEpoch, "10.42.0.5", ["10.42.0.5"])]
            : [];
        return Task.FromResult(new RuntimePod(sandboxes, containers));
    }

    public Task<string?> NetworkNamespaceAsync(string podUid, CancellationToken cancellationToken) => Task.FromResult(NetworkNamespace);
}
