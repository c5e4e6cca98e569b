using System.Globalization;
using System.Text.Json;
using Grpc.Core;
using k8s.Models;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Server;

namespace KubeSharp.Kubelet.Pods;

/// <summary>The kubelet's streaming endpoints' view of this node's pods: the pod workers' pods and the runtime.</summary>
internal sealed class PodStreamingSource(CriClient cri, PodWorkers workers, RuntimePodReader reader) : IPodStreamingSource
{
    public CriClient Cri => cri;

    public V1Pod? FindPod(string @namespace, string name) =>
        workers.All().FirstOrDefault(p => p.Metadata.NamespaceProperty == @namespace && p.Metadata.Name == name);

    public IReadOnlyList<V1Pod> Pods() => workers.All();

    public Task<RuntimePod> ReadRuntimeAsync(string podUid, CancellationToken cancellationToken) => reader.ReadAsync(podUid, cancellationToken);

    /// <summary>The sandbox's process' network namespace, from containerd's verbose sandbox status (its pid).</summary>
    public async Task<string?> NetworkNamespaceAsync(string podUid, CancellationToken cancellationToken)
    {
        var runtime = await reader.ReadAsync(podUid, cancellationToken);
        if (runtime.Sandbox is not { State: PodSandboxState.SandboxReady } sandbox)
        {
            return null;
        }

        PodSandboxStatusResponse status;
        try
        {
            status = await cri.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = sandbox.Id, Verbose = true }, cancellationToken: cancellationToken);
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            return null;
        }

        if (status.Status?.Linux?.Namespaces?.Options?.Network == NamespaceMode.Node
            || !status.Info.TryGetValue("info", out var info))
        {
            return null;
        }

        using var document = JsonDocument.Parse(info);
        return document.RootElement.TryGetProperty("pid", out var pid) && pid.TryGetInt64(out var number) && number > 0
            ? "/proc/" + number.ToString(CultureInfo.InvariantCulture) + "/ns/net"
            : null;
    }
}
