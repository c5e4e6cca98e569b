using System.Net;
using System.Net.Sockets;
using KubeSharp.Dns.Forwarding;
using KubeSharp.Dns.Wire;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Dns.Server;

/// <summary>
/// DNS over UDP on one bound socket: several receive loops at once, each with its own buffers,
/// compression table and SocketAddress, so a query costs no allocation (the SocketAddress
/// overloads of ReceiveFrom/SendTo). Forwarded queries are answered off the loop.
/// </summary>
internal sealed partial class UdpServer(Socket socket, QueryHandler handler, Forwarder? forwarder, ILogger logger)
{
    /// <summary>The largest datagram; a query is never near it, but a smaller buffer would make a long one an error.</summary>
    private const int MaxDatagram = ushort.MaxValue;

    /// <summary>At most this many queries wait for an upstream at once; more are dropped (the client retries).</summary>
    private const int MaxForwarding = 1024;

    private int _forwarding;

    public Task RunAsync(int loops, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, loops).Select(_ => Task.Run(() => ReceiveAsync(cancellationToken), CancellationToken.None)));

    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var query = new byte[MaxDatagram];
        var response = new byte[QueryHandler.MaxUdpPayload];
        var names = new CompressionTable();
        var client = new SocketAddress(socket.AddressFamily);
        while (!cancellationToken.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await socket.ReceiveFromAsync(query, SocketFlags.None, client, cancellationToken);
            }
            catch (Exception error) when (IsStop(error, cancellationToken))
            {
                return;
            }
            catch (SocketException error)
            {
                LogReceiveFailed(error.SocketErrorCode);
                continue;
            }

            HandlerResult result;
            try
            {
                result = handler.Handle(query.AsSpan(0, received), response, tcp: false, names);
            }
            catch (Exception error)
            {
                LogQueryFailed(error);
                continue;
            }

            if (result.Forward)
            {
                StartForwarding(query.AsSpan(0, received), client, cancellationToken);
            }
            else if (result.Length > 0)
            {
                await SendAsync(response.AsMemory(0, result.Length), client, cancellationToken);
            }
        }
    }

    private void StartForwarding(ReadOnlySpan<byte> query, SocketAddress client, CancellationToken cancellationToken)
    {
        if (forwarder is null)
        {
            return;
        }

        if (Interlocked.Increment(ref _forwarding) > MaxForwarding)
        {
            Interlocked.Decrement(ref _forwarding);
            return;
        }

        // The loop reuses its buffer and address for the next query: this one keeps copies.
        var address = new SocketAddress(client.Family, client.Size);
        client.Buffer.Span[..client.Size].CopyTo(address.Buffer.Span);
        _ = ForwardAsync(forwarder, query.ToArray(), address, cancellationToken);
    }

    private async Task ForwardAsync(Forwarder upstreams, byte[] query, SocketAddress client, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await upstreams.ForwardAsync(query, cancellationToken) ?? handler.ServerFailure(query);
            await SendAsync(reply, client, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception error)
        {
            LogQueryFailed(error);
        }
        finally
        {
            Interlocked.Decrement(ref _forwarding);
        }
    }

    private async ValueTask SendAsync(ReadOnlyMemory<byte> reply, SocketAddress client, CancellationToken cancellationToken)
    {
        try
        {
            await socket.SendToAsync(reply, SocketFlags.None, client, cancellationToken);
        }
        catch (Exception error) when (IsStop(error, cancellationToken))
        {
            // Stopping: the receive loop ends next.
        }
        catch (SocketException error)
        {
            LogSendFailed(error.SocketErrorCode);
        }
    }

    /// <summary>Whether the failure only means the server is stopping (cancelled, or its socket closed).</summary>
    private static bool IsStop(Exception error, CancellationToken cancellationToken) => error switch
    {
        OperationCanceledException => cancellationToken.IsCancellationRequested,
        ObjectDisposedException => true,
        SocketException socketError => socketError.SocketErrorCode == SocketError.OperationAborted,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "cluster DNS: receiving over UDP failed: {Error}")]
    private partial void LogReceiveFailed(SocketError error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "cluster DNS: sending over UDP failed: {Error}")]
    private partial void LogSendFailed(SocketError error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "cluster DNS: a query failed")]
    private partial void LogQueryFailed(Exception error);
}
