using k8s.Models;
using KubeSharp.Kubelet.Prober;

namespace KubeSharp.Kubelet.Tests.Prober;

public sealed class ContainerPortsTests
{
    private static readonly V1Container Container = new()
    {
        Name = "app",
        Ports = [new V1ContainerPort { Name = "http", ContainerPort = 8080 }, new V1ContainerPort { Name = "zero", ContainerPort = 0 }],
    };

    [Fact]
    public void A_number_is_the_port()
    {
        Assert.True(ContainerPorts.TryResolve(9090, Container, out var port, out _));
        Assert.Equal(9090, port);
    }

    [Fact]
    public void A_name_is_looked_up_in_the_containers_ports()
    {
        Assert.True(ContainerPorts.TryResolve("http", Container, out var port, out _));
        Assert.Equal(8080, port);
    }

    [Theory]
    [InlineData("metrics", "port \"metrics\" not found")]
    [InlineData("zero", "invalid port number: 0")]
    [InlineData("70000", "invalid port number: 70000")]
    [InlineData(null, "invalid port number: 0")]
    public void Unknown_names_and_numbers_out_of_range_are_upstreams_errors(string? value, string expected)
    {
        IntOrString? port = value is null ? null : (IntOrString)value;

        Assert.False(ContainerPorts.TryResolve(port, Container, out _, out var error));
        Assert.Equal(expected, error);
    }
}
