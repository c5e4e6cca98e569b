using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Network;

namespace KubeSharp.Kubelet.Pods;

/// <summary>What pods need to know about their node: its address, allocatable resources and DNS settings.</summary>
internal sealed class NodeContext(PodDnsOptions dns)
{
    public string HostIp { get; set; } = "127.0.0.1";

    public long MemoryCapacity { get; set; }

    /// <summary>Allocatable resources, used by resourceFieldRef when a container sets no limit.</summary>
    public ResourceQuantity AllocatableCpu { get; set; } = new("1");

    public ResourceQuantity AllocatableMemory { get; set; } = new("1Gi");

    public DNSConfig? DnsFor(V1Pod pod) => PodDns.Configure(pod, dns);
}
