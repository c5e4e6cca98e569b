using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using KubeSharp.Dns.Forwarding;
using KubeSharp.Dns.Wire;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Dns.Server;

/// <summary>
/// DNS over TCP (RFC 7766): each message behind a 2-byte length; a connection may carry several
/// queries, answered in turn, and is closed after 10 s without one.
/// </summary>
internal sealed partial class TcpServer(Socket listener, QueryHandler handler, Forwarder? forwarder, TimeProvider time, ILogger logger)
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Connections beyond this many are closed at once, so a flood cannot use up the process's descriptors.</summary>
    private const int MaxConnections = 1024;

    private static readonly TimeSpan AcceptRetryDelay = TimeSpan.FromMilliseconds(100);

    private int _connections;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync(cancellationToken);
            }
            catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException
                || (error is SocketException socketError && socketError.SocketErrorCode == SocketError.OperationAborted))
            {
                return;
            }
            catch (SocketException error)
            {
                // E.g. out of descriptors: wait a little rather than spin.
                LogAcceptFailed(error.SocketErrorCode);
                await Task.Delay(AcceptRetryDelay, time, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }

            if (Interlocked.Increment(ref _connections) > MaxConnections)
            {
                Interlocked.Decrement(ref _connections);
                connection.Dispose();
                continue;
            }

            _ = ServeAsync(connection, cancellationToken);
        }
    }

    private async Task ServeAsync(Socket connection, CancellationToken cancellationToken)
    {
        var request = ArrayPool<byte>.Shared.Rent(QueryHandler.MaxTcpMessage);
        var response = ArrayPool<byte>.Shared.Rent(2 + QueryHandler.MaxTcpMessage);
        try
        {
            using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
            connection.NoDelay = true;
            var names = new CompressionTable();
            while (true)
            {
                idle.CancelAfter(IdleTimeout);
                if (!await ReceiveAsync(connection, request.AsMemory(0, 2), stop.Token))
                {
                    return;
                }

                var length = BinaryPrimitives.ReadUInt16BigEndian(request);
                if (length == 0 || !await ReceiveAsync(connection, request.AsMemory(0, length), stop.Token))
                {
                    return;
                }

                idle.CancelAfter(Timeout.InfiniteTimeSpan);
                var result = handler.Handle(request.AsSpan(0, length), response.AsSpan(2, QueryHandler.MaxTcpMessage), tcp: true, names);
                int replyLength;
                if (result.Forward && forwarder is not null)
                {
                    var reply = await forwarder.ForwardAsync(request.AsMemory(0, length), stop.Token);
                    reply ??= handler.ServerFailure(request.AsSpan(0, length));
                    reply.CopyTo(response, 2);
                    replyLength = reply.Length;
                }
                else
                {
                    replyLength = result.Length;
                }

                if (replyLength == 0)
                {
                    continue;
                }

                BinaryPrimitives.WriteUInt16BigEndian(response, (ushort)replyLength);
                await SendAsync(connection, response.AsMemory(0, 2 + replyLength), stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Idle for too long, or stopping.
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            LogConnectionFailed(error.Message);
        }
        catch (Exception error)
        {
            LogQueryFailed(error);
        }
        finally
        {
            connection.Dispose();
            ArrayPool<byte>.Shared.Return(request);
            ArrayPool<byte>.Shared.Return(response);
            Interlocked.Decrement(ref _connections);
        }
    }

    /// <summary>Fills <paramref name="buffer"/>; false if the peer closed the connection first.</summary>
    private static async ValueTask<bool> ReceiveAsync(Socket connection, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var received = await connection.ReceiveAsync(buffer[filled..], SocketFlags.None, cancellationToken);
            if (received == 0)
            {
                return false;
            }

            filled += received;
        }

        return true;
    }

    private static async ValueTask SendAsync(Socket connection, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var sent = 0;
        while (sent < message.Length)
        {
            sent += await connection.SendAsync(message[sent..], SocketFlags.None, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "cluster DNS: accepting a TCP connection failed: {Error}")]
    private partial void LogAcceptFailed(SocketError error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "cluster DNS: TCP connection ended: {Reason}")]
    private partial void LogConnectionFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "cluster DNS: a query over TCP failed")]
    private partial void LogQueryFailed(Exception error);
}
