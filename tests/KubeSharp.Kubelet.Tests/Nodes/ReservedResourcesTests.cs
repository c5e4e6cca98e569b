using KubeSharp.Kubelet.Nodes;

namespace KubeSharp.Kubelet.Tests.Nodes;

public sealed class ReservedResourcesTests
{
    [Fact]
    public void Pairs_become_amounts_in_cores_bytes_and_counts()
    {
        var reserved = ReservedResources.Parse(" cpu=100m, memory=100Mi,ephemeral-storage=1Gi,pid=1000 ");

        Assert.Equal(0.1m, reserved["cpu"]);
        Assert.Equal(100m * 1024 * 1024, reserved["memory"]);
        Assert.Equal(1024m * 1024 * 1024, reserved["ephemeral-storage"]);
        Assert.Equal(1000m, reserved["pid"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Nothing_reserves_nothing(string? text)
    {
        Assert.Empty(ReservedResources.Parse(text));
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("=100m")]
    [InlineData("gpu=1")]
    [InlineData("memory=lots")]
    [InlineData("cpu=-1")]
    public void Malformed_reservations_are_refused(string text)
    {
        Assert.Throws<ArgumentException>(() => ReservedResources.Parse(text));
    }
}
