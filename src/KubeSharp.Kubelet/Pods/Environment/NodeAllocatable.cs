using k8s.Models;

namespace KubeSharp.Kubelet.Pods.Environment;

/// <summary>
/// The node's allocatable resources that stand in for a container's missing limits when the
/// downward API reads <c>limits.*</c> (upstream's MergeContainerResourceLimits). Null: not known.
/// </summary>
internal sealed record NodeAllocatable(ResourceQuantity? Cpu, ResourceQuantity? Memory, ResourceQuantity? EphemeralStorage = null)
{
    public static NodeAllocatable None { get; } = new(null, null);

    /// <summary>From a node's <c>status.allocatable</c>.</summary>
    public static NodeAllocatable From(IDictionary<string, ResourceQuantity>? allocatable) => allocatable is null
        ? None
        : new(Find(allocatable, "cpu"), Find(allocatable, "memory"), Find(allocatable, "ephemeral-storage"));

    private static ResourceQuantity? Find(IDictionary<string, ResourceQuantity> list, string name) =>
        list.TryGetValue(name, out var quantity) ? quantity : null;
}
