using k8s.Models;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Pods;

namespace KubeSharp.Kubelet.Server;

/// <summary>What the kubelet's streaming endpoints (logs, exec, attach, port-forward, stats) need from the node.</summary>
internal interface IPodStreamingSource
{
    /// <summary>The runtime the pods run in.</summary>
    CriClient Cri { get; }

    /// <summary>A pod this node runs, by namespace and name; null when it has none such.</summary>
    V1Pod? FindPod(string @namespace, string name);

    /// <summary>Every pod this node runs.</summary>
    IReadOnlyList<V1Pod> Pods();

    /// <summary>The pod's sandboxes and containers as the runtime holds them now.</summary>
    Task<RuntimePod> ReadRuntimeAsync(string podUid, CancellationToken cancellationToken);

    /// <summary>The network namespace file of the pod's running sandbox (e.g. /proc/PID/ns/net); null when none is running or the pod uses the host's network.</summary>
    Task<string?> NetworkNamespaceAsync(string podUid, CancellationToken cancellationToken);
}
