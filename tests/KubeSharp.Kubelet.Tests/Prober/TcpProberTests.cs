using System.Net;
using System.Net.Sockets;
using KubeSharp.Kubelet.Prober;
using KubeSharp.TestSupport;

namespace KubeSharp.Kubelet.Tests.Prober;

public sealed class TcpProberTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private readonly TcpProber _prober = new(TimeProvider.System);

    [Fact]
    public async Task A_port_that_accepts_connections_succeeds()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = await _prober.ProbeAsync("127.0.0.1", port, Timeout, CancellationToken.None);

        Assert.Equal(ProbeResult.Success(string.Empty), result);
    }

    [Fact]
    public async Task A_refused_connection_fails_with_gos_dial_error()
    {
        var port = FreePort.Next();

        var result = await _prober.ProbeAsync("127.0.0.1", port, Timeout, CancellationToken.None);

        Assert.Equal(ProbeResult.Failure($"dial tcp 127.0.0.1:{port}: connect: connection refused"), result);
    }

    [Fact]
    public void Addresses_are_joined_as_go_joins_them()
    {
        Assert.Equal("10.42.0.5:8080", DialErrors.Address("10.42.0.5", 8080));
        Assert.Equal("[fd00::5]:8080", DialErrors.Address("fd00::5", 8080));
    }
}
