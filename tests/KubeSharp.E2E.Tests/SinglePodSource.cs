using k8s.Models;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Pods;
using KubeSharp.Kubelet.Server;

namespace KubeSharp.E2E.Tests;

/// <summary>
/// What a kubelet server needs to know of a node that runs one pod with one running container and no
/// runtime behind it: the container's log file, and no network namespace of its own (the pod should be a
/// host-network one), so a port-forward reaches listeners of the test on the node's loopback.
/// </summary>
internal sealed class SinglePodSource(V1Pod pod, string container, string logPath) : IPodStreamingSource
{
    public CriClient Cri => throw new NotSupportedException("this node has no runtime");

    public V1Pod? FindPod(string @namespace, string name) =>
        pod.Metadata.NamespaceProperty == @namespace && pod.Metadata.Name == name ? pod : null;

    public IReadOnlyList<V1Pod> Pods() => [pod];

    public Task<RuntimePod> ReadRuntimeAsync(string podUid, CancellationToken cancellationToken) => Task.FromResult(
        podUid != pod.Metadata.Uid
            ? new RuntimePod([], [])
            : new RuntimePod(
                [new RuntimeSandbox("sandbox", 0, PodSandboxState.SandboxReady, DateTimeOffset.UtcNow, "127.0.0.1", ["127.0.0.1"])],
                [new RuntimeContainer(
                    "container", container, "sandbox", 0, ContainerState.ContainerRunning, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null,
                    0, string.Empty, string.Empty, "localhost/busybox:1.35", "sha256:busybox", "hash", 0, null, logPath)]));

    public Task<string?> NetworkNamespaceAsync(string podUid, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
