using System.Net;
using System.Net.Sockets;

namespace KubeSharp.Kubelet.Streaming.PortForward;

/// <summary>
/// Connects to a port on a pod's loopback from inside its network namespace, as containerd does:
/// 127.0.0.1 first, then ::1 (one after the other, not both at once). A pod on the host's network
/// (<paramref name="networkNamespace"/> null) is reached on the kubelet's own loopback.
/// </summary>
internal sealed class PodPortDialer(string? networkNamespace, string sandboxId)
{
    /// <summary>A connected socket, or <see cref="PortForwardException"/> with containerd's wording.</summary>
    public async Task<Socket> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            var (ipv4, ipv4Error) = await TryConnectAsync("tcp4", IPAddress.Loopback, port, cancellationToken);
            if (ipv4 is not null)
            {
                return ipv4;
            }

            var (ipv6, ipv6Error) = await TryConnectAsync("tcp6", IPAddress.IPv6Loopback, port, cancellationToken);
            return ipv6 ?? throw new PortForwardException(PortForwardMessages.InNamespace(
                networkNamespace ?? "host", PortForwardMessages.ConnectFailed(port, sandboxId, ipv4Error, ipv6Error)));
        }
        catch (IOException error)
        {
            // The namespace could not be entered (the sandbox's process is gone, or no privilege).
            throw new PortForwardException(PortForwardMessages.InNamespace(networkNamespace ?? "host", error.Message));
        }
    }

    private async Task<(Socket? Socket, string Error)> TryConnectAsync(string network, IPAddress address, int port, CancellationToken cancellationToken)
    {
        var endPoint = new IPEndPoint(address, port);
        Socket socket;
        try
        {
            socket = networkNamespace is null
                ? new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
                : NetworkNamespaceSockets.Create(networkNamespace, address.AddressFamily);
        }
        catch (SocketException error)
        {
            return (null, PortForwardMessages.Dial(network, endPoint, "socket", error));
        }

        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken);
            return (socket, string.Empty);
        }
        catch (SocketException error)
        {
            socket.Dispose();
            return (null, PortForwardMessages.Dial(network, endPoint, "connect", error));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
