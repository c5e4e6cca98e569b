using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Pods;

/// <summary>Turns a container's requests and limits into cgroup settings, with upstream's formulas.</summary>
internal static class ContainerResources
{
    private const long MinShares = 2;
    private const long SharesPerCpu = 1024;
    private const long QuotaPeriod = 100_000;
    private const long MinQuota = 1_000;

    public static LinuxContainerResources For(V1Container container, string qosClass, long nodeMemoryCapacity)
    {
        var requests = container.Resources?.Requests;
        var limits = container.Resources?.Limits;
        var cpuRequest = Milli(requests, "cpu");
        var cpuLimit = Milli(limits, "cpu");
        var memoryRequest = Bytes(requests, "memory");
        var memoryLimit = Bytes(limits, "memory");

        // Without a request the shares come from the limit (the API would have copied it), else the minimum.
        var sharesFrom = cpuRequest > 0 ? cpuRequest : cpuLimit;
        var resources = new LinuxContainerResources
        {
            CpuShares = Math.Max(MinShares, sharesFrom * SharesPerCpu / 1000),
            MemoryLimitInBytes = memoryLimit,
            OomScoreAdj = OomScoreAdj(qosClass, memoryRequest, nodeMemoryCapacity),
        };
        if (cpuLimit > 0)
        {
            resources.CpuPeriod = QuotaPeriod;
            resources.CpuQuota = Math.Max(MinQuota, cpuLimit * QuotaPeriod / 1000);
        }

        return resources;
    }

    /// <summary>Upstream's OOM score policy; containerd clamps negative values on this VM (restrict_oom_score_adj).</summary>
    public static long OomScoreAdj(string qosClass, long memoryRequest, long memoryCapacity) => qosClass switch
    {
        QosClass.Guaranteed => -997,
        QosClass.BestEffort => 1000,
        _ when memoryCapacity <= 0 => 999,
        _ => Math.Clamp(1000 - (1000 * memoryRequest / memoryCapacity), 2, 999),
    };

    private static long Milli(IDictionary<string, ResourceQuantity>? list, string name) =>
        list is not null && list.TryGetValue(name, out var quantity) ? (long)Math.Ceiling(quantity.ToDecimal() * 1000) : 0;

    private static long Bytes(IDictionary<string, ResourceQuantity>? list, string name) =>
        list is not null && list.TryGetValue(name, out var quantity) ? (long)Math.Ceiling(quantity.ToDecimal()) : 0;
}
