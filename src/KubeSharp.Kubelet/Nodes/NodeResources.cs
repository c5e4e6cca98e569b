using System.Globalization;
using k8s.Models;

namespace KubeSharp.Kubelet.Nodes;

/// <summary>
/// The node's capacity and allocatable resources. Allocatable is capacity minus kube-reserved,
/// system-reserved and the hard eviction thresholds (upstream's defaults: memory.available 100Mi,
/// nodefs.available 10%), never below zero; quantities are written as cAdvisor's would be
/// (cores, binary-suffixed bytes).
/// </summary>
internal sealed class NodeResources
{
    public const int MaxPods = 110;
    public const long EvictionHardMemoryBytes = 100L * 1024 * 1024;
    public const decimal EvictionHardNodeFsFraction = 0.10m;

    private static readonly string[] BinarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

    public NodeResources(MachineCapacity machine, IReadOnlyDictionary<string, decimal> kubeReserved, IReadOnlyDictionary<string, decimal> systemReserved)
    {
        Machine = machine;
        decimal Reserved(string name) => kubeReserved.GetValueOrDefault(name) + systemReserved.GetValueOrDefault(name);

        AllocatableMilliCpu = Math.Max(0, (machine.Cpus * 1000L) - (long)Math.Ceiling(Reserved("cpu") * 1000));
        AllocatableMemoryBytes = Math.Max(0, machine.MemoryBytes - (long)Math.Ceiling(Reserved("memory")) - EvictionHardMemoryBytes);

        // Upstream takes the percentage of capacity, truncated to whole bytes.
        var evictionNodeFs = (long)(machine.EphemeralStorageBytes * EvictionHardNodeFsFraction);
        AllocatableEphemeralStorageBytes = Math.Max(0, machine.EphemeralStorageBytes - (long)Math.Ceiling(Reserved("ephemeral-storage")) - evictionNodeFs);
    }

    public MachineCapacity Machine { get; }

    public long AllocatableMilliCpu { get; }

    public long AllocatableMemoryBytes { get; }

    public long AllocatableEphemeralStorageBytes { get; }

    /// <summary>Reads the machine and parses the reservation flags.</summary>
    /// <exception cref="ArgumentException">A reservation flag is malformed (see <see cref="ReservedResources.Parse"/>).</exception>
    public static NodeResources Read(string rootDir, string? kubeReserved, string? systemReserved) =>
        new(MachineCapacity.Read(rootDir), ReservedResources.Parse(kubeReserved), ReservedResources.Parse(systemReserved));

    /// <summary>status.capacity (a fresh dictionary each time).</summary>
    public Dictionary<string, ResourceQuantity> Capacity() =>
        List(Machine.Cpus * 1000L, Machine.MemoryBytes, Machine.EphemeralStorageBytes);

    /// <summary>status.allocatable (a fresh dictionary each time).</summary>
    public Dictionary<string, ResourceQuantity> Allocatable() =>
        List(AllocatableMilliCpu, AllocatableMemoryBytes, AllocatableEphemeralStorageBytes);

    /// <summary>Whole cores as an integer, otherwise millicores ("2", "1900m").</summary>
    internal static string FormatCpu(long milliCpu) => milliCpu % 1000 == 0
        ? (milliCpu / 1000).ToString(CultureInfo.InvariantCulture)
        : milliCpu.ToString(CultureInfo.InvariantCulture) + "m";

    /// <summary>Bytes with the largest binary suffix that divides them exactly, as a BinarySI quantity prints ("100Mi", "1536Ki", "1000").</summary>
    internal static string FormatBytes(long bytes)
    {
        var suffix = 0;
        while (bytes != 0 && bytes % 1024 == 0 && suffix < BinarySuffixes.Length - 1)
        {
            bytes /= 1024;
            suffix++;
        }

        return bytes.ToString(CultureInfo.InvariantCulture) + BinarySuffixes[suffix];
    }

    private static Dictionary<string, ResourceQuantity> List(long milliCpu, long memory, long ephemeralStorage) => new(StringComparer.Ordinal)
    {
        ["cpu"] = new ResourceQuantity(FormatCpu(milliCpu)),
        ["memory"] = new ResourceQuantity(FormatBytes(memory)),
        ["ephemeral-storage"] = new ResourceQuantity(FormatBytes(ephemeralStorage)),
        ["pods"] = new ResourceQuantity(MaxPods.ToString(CultureInfo.InvariantCulture)),
        ["hugepages-1Gi"] = new ResourceQuantity("0"),
        ["hugepages-2Mi"] = new ResourceQuantity("0"),
    };
}
