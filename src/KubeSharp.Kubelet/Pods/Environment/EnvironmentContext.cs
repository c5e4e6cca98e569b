using k8s.Models;

namespace KubeSharp.Kubelet.Pods.Environment;

/// <summary>What a container's environment reads from outside the pod spec: the node and the pod's addresses.</summary>
internal sealed class EnvironmentContext
{
    private static readonly IReadOnlyDictionary<string, string> NoServices = new Dictionary<string, string>(StringComparer.Ordinal);

    public string NodeName { get; init; } = string.Empty;

    /// <summary>status.hostIP.</summary>
    public string HostIp { get; init; } = string.Empty;

    /// <summary>status.hostIPs; empty means <see cref="HostIp"/> alone.</summary>
    public IReadOnlyList<string> HostIps { get; init; } = [];

    /// <summary>status.podIPs, the first being status.podIP.</summary>
    public IReadOnlyList<string> PodIps { get; init; } = [];

    /// <summary>Allocatable CPU, read by resourceFieldRef limits.cpu when the container sets no limit.</summary>
    public ResourceQuantity? NodeAllocatableCpu { get; init; }

    /// <summary>Allocatable memory, read by resourceFieldRef limits.memory when the container sets no limit.</summary>
    public ResourceQuantity? NodeAllocatableMemory { get; init; }

    public ResourceQuantity? NodeAllocatableEphemeralStorage { get; init; }

    /// <summary>
    /// Service links (KUBERNETES_SERVICE_HOST...): usable in <c>$(VAR)</c> references and added after
    /// the container's own variables unless it defines the same name.
    /// </summary>
    public IReadOnlyDictionary<string, string> ServiceEnvironment { get; init; } = NoServices;

    public NodeAllocatable Allocatable => new(NodeAllocatableCpu, NodeAllocatableMemory, NodeAllocatableEphemeralStorage);
}
