using KubeSharp.ApiServer.Metrics;

namespace KubeSharp.ApiServer.Tests.Metrics;

public sealed class MetricQuantitiesTests
{
    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(7UL, "7n")]
    [InlineData(100UL, "100n")]
    [InlineData(1000UL, "1u")]
    [InlineData(123456789UL, "123456789n")]
    [InlineData(5000000UL, "5m")]
    [InlineData(1500000000UL, "1500m")]
    [InlineData(2000000000UL, "2")]
    [InlineData(3000000000000UL, "3k")]
    public void Cpu_is_written_as_a_canonical_decimal_quantity_of_nanocores(ulong nanoCores, string expected)
    {
        Assert.Equal(expected, MetricQuantities.Cpu(nanoCores));
    }

    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(1000UL, "1k")]
    [InlineData(1023UL, "1023")]
    [InlineData(1024UL, "1Ki")]
    [InlineData(1536UL, "1536")]
    [InlineData(12582912UL, "12Mi")]
    [InlineData(1073741824UL, "1Gi")]
    public void Memory_is_written_as_a_canonical_binary_quantity_of_bytes(ulong bytes, string expected)
    {
        Assert.Equal(expected, MetricQuantities.Memory(bytes));
    }
}
