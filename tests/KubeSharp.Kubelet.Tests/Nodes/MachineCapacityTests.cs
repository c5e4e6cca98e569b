using KubeSharp.Kubelet.Nodes;

namespace KubeSharp.Kubelet.Tests.Nodes;

public sealed class MachineCapacityTests
{
    [Theory]
    [InlineData("0-1\n", 2)]
    [InlineData("0-3,6,8-9", 7)]
    [InlineData("5", 1)]
    [InlineData("", 0)]
    [InlineData("3-1", 0)]
    [InlineData("a-b", 0)]
    public void Cpuset_lists_are_counted(string list, int expected)
    {
        Assert.Equal(expected, MachineCapacity.CountCpus(list));
    }

    [Fact]
    public void MemTotal_is_read_in_kibibytes()
    {
        const string Meminfo = "MemTotal:       24684084 kB\nMemFree:        21580756 kB\n";

        Assert.Equal(24684084L * 1024, MachineCapacity.ParseMemTotal(Meminfo));
        Assert.Equal(0, MachineCapacity.ParseMemTotal("MemFree: 1 kB\n"));
    }
}
