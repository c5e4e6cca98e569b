using k8s.Models;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Pods;
using KubeSharp.Kubelet.Server;

namespace KubeSharp.Kubelet.Tests.Streaming.PortForward;

/// <summary>A node with one pod whose sandbox is <see cref="SandboxId"/> and whose network namespace is <see cref="NetworkNamespace"/> (null: none, as for a host-network pod).</summary>
internal sealed class FakePodStreamingSource : IPodStreamingSource
{
    public const string SandboxId = "sandbox-1";

    public bool HasSandbox { get; init; } = true;

    public string? NetworkNamespace { get; init; }

    public CriClient Cri => throw new NotSupportedException("port-forward does not call the runtime directly");

    public V1Pod? FindPod(string @namespace, string name) => null;

    public IReadOnlyList<V1Pod> Pods() => [];

    public Task<RuntimePod> ReadRuntimeAsync(string podUid, CancellationToken cancellationToken)
    {
        IReadOnlyList<RuntimeSandbox> sandboxes = HasSandbox
            ? [new RuntimeSandbox(SandboxId, 0, PodSandboxState.SandboxReady, DateTimeOffset.UnixEpoch, "10.42.0.5", ["10.42.0.5"])]
            : [];
        return Task.FromResult(new RuntimePod(sandboxes, []));
    }

    public Task<string?> NetworkNamespaceAsync(string podUid, CancellationToken cancellationToken) => Task.FromResult(NetworkNamespace);
}
