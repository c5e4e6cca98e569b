using System.Globalization;
using KubeSharp.Kubelet.Streaming.PortForward;

namespace KubeSharp.Kubelet.Tests.Streaming.PortForward;

public sealed class PortForwardPortsTests
{
    [Fact]
    public void Ports_may_be_repeated_and_comma_separated()
    {
        Assert.True(PortForwardPorts.TryParse(["80", "8080,9090"], out var ports, out var problem));

        Assert.Equal(new ushort[] { 80, 8080, 9090 }, ports);
        Assert.Equal(string.Empty, problem);
    }

    [Fact]
    public void A_request_without_ports_is_refused()
    {
        Assert.False(PortForwardPorts.TryParse([], out _, out var problem));

        Assert.Equal("query parameter \"port\" is required", problem);
    }

    [Theory]
    [InlineData(new[] { "" }, "query parameter \"port\" cannot be empty")]
    [InlineData(new[] { "80,x" }, "unable to parse \"80,x\" as a port: strconv.ParseUint: parsing \"x\": invalid syntax")]
    [InlineData(new[] { "80," }, "unable to parse \"80,\" as a port: strconv.ParseUint: parsing \"\": invalid syntax")]
    [InlineData(new[] { "65536" }, "unable to parse \"65536\" as a port: strconv.ParseUint: parsing \"65536\": value out of range")]
    [InlineData(new[] { "0" }, "port \"0\" must be > 0")]
    public void Bad_ports_are_refused_with_upstreams_words(string[] values, string expected)
    {
        Assert.False(PortForwardPorts.TryParse(values, out _, out var problem));

        Assert.Equal(expected, problem);
    }

    [Fact]
    public void More_ports_than_channels_allow_are_refused()
    {
        var values = Enumerable.Range(1, PortForwardPorts.MaxPorts + 1).Select(port => port.ToString(CultureInfo.InvariantCulture));

        Assert.False(PortForwardPorts.TryParse(values, out _, out var problem));

        Assert.Equal("at most 128 ports can be forwarded over one WebSocket", problem);
    }
}
