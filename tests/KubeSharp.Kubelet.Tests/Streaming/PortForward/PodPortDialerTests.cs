using System.Net;
using System.Net.Sockets;
using KubeSharp.Kubelet.Streaming.PortForward;
using KubeSharp.TestSupport;

namespace KubeSharp.Kubelet.Tests.Streaming.PortForward;

public sealed class PodPortDialerTests
{
    [Fact]
    public async Task A_host_network_pod_is_reached_on_the_kubelets_loopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();

        using var socket = await new PodPortDialer(null, "sandbox-1").ConnectAsync(((IPEndPoint)listener.LocalEndpoint).Port, CancellationToken.None);

        Assert.True(socket.Connected);
        Assert.Equal(IPAddress.Loopback, ((IPEndPoint)socket.RemoteEndPoint!).Address);
    }

    [Fact]
    public async Task An_ipv6_only_listener_is_reached_after_ipv4_is_refused()
    {
        using var listener = new TcpListener(IPAddress.IPv6Loopback, 0);
        listener.Start();

        using var socket = await new PodPortDialer(null, "sandbox-1").ConnectAsync(((IPEndPoint)listener.LocalEndpoint).Port, CancellationToken.None);

        Assert.Equal(IPAddress.IPv6Loopback, ((IPEndPoint)socket.RemoteEndPoint!).Address);
    }

    [Fact]
    public async Task A_refused_port_fails_with_containerds_words()
    {
        var port = FreePort.Next();

        var error = await Assert.ThrowsAsync<PortForwardException>(() => new PodPortDialer(null, "sandbox-1").ConnectAsync(port, CancellationToken.None));

        Assert.StartsWith(
            $"failed to execute portforward in network namespace \"host\": failed to connect to localhost:{port} inside namespace \"sandbox-1\", "
            + $"IPv4: dial tcp4 127.0.0.1:{port}: connect: connection refused IPv6 dial tcp6 [::1]:{port}: ",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_namespace_that_is_gone_fails_before_any_connection()
    {
        var error = await Assert.ThrowsAsync<PortForwardException>(() => new PodPortDialer("/proc/0/ns/net", "sandbox-1").ConnectAsync(80, CancellationToken.None));

        Assert.Equal("failed to execute portforward in network namespace \"/proc/0/ns/net\": open /proc/0/ns/net: no such file or directory", error.Message);
    }

    [Fact]
    public async Task Sockets_are_made_inside_the_named_namespace()
    {
        if (Environment.UserName != "root")
        {
            return;
        }

        // The process' own namespace, entered like a pod's: what matters is that setns and the way back work.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();

        using var socket = await new PodPortDialer("/proc/self/ns/net", "sandbox-1").ConnectAsync(((IPEndPoint)listener.LocalEndpoint).Port, CancellationToken.None);
        using var accepted = await listener.AcceptSocketAsync();

        Assert.True(socket.Connected);
        Assert.Equal(socket.LocalEndPoint, accepted.RemoteEndPoint);
    }
}
