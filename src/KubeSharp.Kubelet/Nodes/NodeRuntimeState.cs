using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Nodes;

/// <summary>
/// What the container runtime says at a status update: its version, whether it and its network
/// are ready (CRI Status), why not (<see cref="Message"/>, put in the Ready condition), and the
/// images it holds.
/// </summary>
internal sealed record NodeRuntimeState
{
    public required VersionResponse Version { get; init; }

    public required bool RuntimeReady { get; init; }

    public required bool NetworkReady { get; init; }

    /// <summary>Why the runtime or its network is not ready, as upstream words it (e.g. "container runtime network not ready: ...").</summary>
    public string? Message { get; init; }

    public IReadOnlyList<V1ContainerImage> Images { get; init; } = [];
}
