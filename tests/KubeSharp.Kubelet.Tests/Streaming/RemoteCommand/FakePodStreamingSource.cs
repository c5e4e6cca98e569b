using k8s.Models;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Pods;
using KubeSharp.Kubelet.Server;

namespace KubeSharp.Kubelet.Tests.Streaming.RemoteCommand;

/// <summary>A node with one pod whose containers are as the test says; the runtime itself is faked behind the backend.</summary>
internal sealed class FakePodStreamingSource(params RuntimeContainer[] containers) : IPodStreamingSource
{
    public CriClient Cri => throw new NotSupportedException("remote command tests use a fake backend");

    public static RuntimeContainer Container(string name, ContainerState state = ContainerState.ContainerRunning, string id = "c-app") => new(
        id, name, "sandbox", 0, state, DateTimeOffset.UnixEpoch, null, null, 0, string.Empty, string.Empty,
        "localhost/busybox:1.35", "sha256:busybox", "hash", 0, null, "/var/log/pods/app/0.log");

    public V1Pod? FindPod(string @namespace, string name) => null;

    public IReadOnlyList<V1Pod> Pods() => [];

    public Task<RuntimePod> ReadRuntimeAsync(string podUid, CancellationToken cancellationToken) =>
        Task.FromResult(new RuntimePod([], containers));

    public Task<string?> NetworkNamespaceAsync(string podUid, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
