using KubeSharp.Kubelet.Nodes;

namespace KubeSharp.Kubelet.Tests.Nodes;

public sealed class NodeResourcesTests
{
    private const long Gi = 1024L * 1024 * 1024;
    private static readonly MachineCapacity Machine = new(2, 24684084L * 1024, 100 * Gi);

    [Fact]
    public void Capacity_is_the_machine_with_110_pods_and_no_hugepages()
    {
        var capacity = new NodeResources(Machine, Reserved(null), Reserved(null)).Capacity();

        Assert.Equal(2m, capacity["cpu"].ToDecimal());
        Assert.Equal(24684084m * 1024, capacity["memory"].ToDecimal());
        Assert.Equal(100m * Gi, capacity["ephemeral-storage"].ToDecimal());
        Assert.Equal(110m, capacity["pods"].ToDecimal());
        Assert.Equal(0m, capacity["hugepages-2Mi"].ToDecimal());
        Assert.Equal(0m, capacity["hugepages-1Gi"].ToDecimal());
    }

    [Fact]
    public void Allocatable_subtracts_both_reservations_and_the_hard_eviction_thresholds()
    {
        var resources = new NodeResources(Machine, Reserved("cpu=100m,memory=100Mi"), Reserved("cpu=200m,memory=256Mi,ephemeral-storage=1Gi"));
        var allocatable = resources.Allocatable();

        Assert.Equal(1700, resources.AllocatableMilliCpu);
        Assert.Equal(1.7m, allocatable["cpu"].ToDecimal());

        // 100Mi + 256Mi reserved + 100Mi memory.available.
        Assert.Equal((24684084L * 1024) - (456L * 1024 * 1024), resources.AllocatableMemoryBytes);
        Assert.Equal(resources.AllocatableMemoryBytes, allocatable["memory"].ToDecimal());

        // 1Gi reserved + 10% nodefs.available.
        Assert.Equal(89 * Gi, resources.AllocatableEphemeralStorageBytes);
        Assert.Equal(110m, allocatable["pods"].ToDecimal());
    }

    [Fact]
    public void Without_reservations_only_the_eviction_thresholds_are_kept_back()
    {
        var resources = new NodeResources(Machine, Reserved(""), Reserved(null));

        Assert.Equal(2000, resources.AllocatableMilliCpu);
        Assert.Equal((24684084L * 1024) - (100L * 1024 * 1024), resources.AllocatableMemoryBytes);
        Assert.Equal(90 * Gi, resources.AllocatableEphemeralStorageBytes);
    }

    [Fact]
    public void Allocatable_never_goes_below_zero()
    {
        var resources = new NodeResources(new MachineCapacity(1, 64L * 1024 * 1024, 0), Reserved("cpu=2"), Reserved(null));

        Assert.Equal(0, resources.AllocatableMilliCpu);
        Assert.Equal(0, resources.AllocatableMemoryBytes);
        Assert.Equal(0, resources.AllocatableEphemeralStorageBytes);
        Assert.Equal(0m, resources.Allocatable()["cpu"].ToDecimal());
    }

    [Theory]
    [InlineData(2000L, "2")]
    [InlineData(1900L, "1900m")]
    [InlineData(0L, "0")]
    public void Cpu_is_written_in_cores_when_whole(long milliCpu, string expected)
    {
        Assert.Equal(expected, NodeResources.FormatCpu(milliCpu));
    }

    [Theory]
    [InlineData(104857600L, "100Mi")]
    [InlineData(25276502016L, "24684084Ki")]
    [InlineData(1000L, "1000")]
    [InlineData(0L, "0")]
    [InlineData(95563022336L, "89Gi")]
    public void Bytes_take_the_largest_exact_binary_suffix(long bytes, string expected)
    {
        Assert.Equal(expected, NodeResources.FormatBytes(bytes));
    }

    private static Dictionary<string, decimal> Reserved(string? text) => ReservedResources.Parse(text);
}
