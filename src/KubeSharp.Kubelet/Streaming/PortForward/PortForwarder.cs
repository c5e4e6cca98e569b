using System.Buffers;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Streaming.PortForward;

/// <summary>
/// Forwards connections to one pod's ports (the runtime's part of port-forwarding): each is a TCP
/// connection to the port on the pod's loopback with bytes copied both ways. When the client has sent
/// all it will, the TCP connection is half-closed and the pod's answer still comes back; when the pod
/// closes its side, the client is told and what it still sends gets a short grace (containerd's second,
/// as socat gives) before both close. <paramref name="pod"/> is namespace/name, for the error text.
/// </summary>
internal sealed partial class PortForwarder(PodPortDialer dialer, string pod, string podUid, TimeProvider time, ILogger logger)
{
    public static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(1);

    /// <summary>A read from the pod as large as a SPDY data frame (<see cref="Spdy.SpdyStream.MaxDataFrame"/>), so a full read goes out as one frame.</summary>
    private const int BufferSize = 256 * 1024;

    /// <summary>
    /// Forwards one connection until either side ends it or <paramref name="cancellationToken"/> fires. Returns
    /// null once a connection was made, else the error text for the client (upstream's, with containerd's cause).
    /// </summary>
    public async Task<string?> ForwardAsync(IForwardedStream client, int port, CancellationToken cancellationToken)
    {
        Socket socket;
        try
        {
            socket = await dialer.ConnectAsync(port, cancellationToken);
        }
        catch (PortForwardException error)
        {
            var message = PortForwardMessages.Forwarding(port, pod, podUid, error.Message);
            LogFailed(logger, message);
            return message;
        }

        using (socket)
        {
            using var copying = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var toPod = ToPodAsync(client, socket, port, copying.Token);
            var toClient = ToClientAsync(socket, client, port, copying.Token);
            var first = await Task.WhenAny(toPod, toClient);
            if (first == toPod && await toPod)
            {
                // The client has sent everything: the pod's answer may still be on its way.
                await toClient;
            }
            else if (first == toClient && await toClient)
            {
                await Task.WhenAny(toPod, Task.Delay(CloseGrace, time, copying.Token));
            }

            await copying.CancelAsync();
            await Task.WhenAll(toPod, toClient);
        }

        return null;
    }

    /// <summary>Client to pod; true when the client ended its side (the pod's side is then half-closed), false on an error or cancellation.</summary>
    private async Task<bool> ToPodAsync(IForwardedStream client, Socket socket, int port, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var read = await client.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    socket.Shutdown(SocketShutdown.Send);
                    return true;
                }

                var pending = buffer.AsMemory(0, read);
                while (!pending.IsEmpty)
                {
                    var sent = await socket.SendAsync(pending, SocketFlags.None, cancellationToken);
                    pending = pending[sent..];
                }
            }
        }
        catch (Exception error)
        {
            LogCopyEnded(logger, port, "to the pod", error.Message);
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Pod to client; true when the pod closed its side (the client is then told), false on an error or cancellation.</summary>
    private async Task<bool> ToClientAsync(Socket socket, IForwardedStream client, int port, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    await client.CloseWriteAsync(cancellationToken);
                    return true;
                }

                await client.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (Exception error)
        {
            LogCopyEnded(logger, port, "to the client", error.Message);
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "port-forward: {Message}")]
    private static partial void LogFailed(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "port-forward: copying {Direction} of port {Port} ended: {Reason}")]
    private static partial void LogCopyEnded(ILogger logger, int port, string direction, string reason);
}
