using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using KubeSharp.Dns.Server;
using KubeSharp.Dns.Wire;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Dns.Forwarding;

/// <summary>
/// Sends a query for a name outside the cluster zone to the upstreams in turn, over UDP, and
/// returns the first answer that arrives within 2 s (CoreDNS's forward plugin, kept simple: no
/// cache, no health checks, no TCP). The query goes with an ID of its own, on a socket connected
/// to that upstream, so that only a reply from it to this query is taken; the client's ID is put back.
/// </summary>
internal sealed partial class Forwarder(IReadOnlyList<IPEndPoint> upstreams, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>The upstream's reply, or null when none answered.</summary>
    public async Task<byte[]?> ForwardAsync(ReadOnlyMemory<byte> query, CancellationToken cancellationToken)
    {
        if (query.Length < DnsHeader.Size)
        {
            return null;
        }

        var request = query.ToArray();
        var clientId = BinaryPrimitives.ReadUInt16BigEndian(request);
        var reply = new byte[QueryHandler.MaxTcpMessage];
        foreach (var upstream in upstreams)
        {
            var id = (ushort)Random.Shared.Next(ushort.MaxValue + 1);
            BinaryPrimitives.WriteUInt16BigEndian(request, id);
            using var socket = new Socket(upstream.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            using var timeout = new CancellationTokenSource(Timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                await socket.ConnectAsync(upstream, linked.Token);
                await socket.SendAsync(request, SocketFlags.None, linked.Token);
                while (true)
                {
                    var length = await socket.ReceiveAsync(reply, SocketFlags.None, linked.Token);
                    if (length >= DnsHeader.Size && BinaryPrimitives.ReadUInt16BigEndian(reply) == id && (reply[2] & 0x80) != 0)
                    {
                        BinaryPrimitives.WriteUInt16BigEndian(reply, clientId);
                        return reply[..length];
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                LogTimeout(upstream);
            }
            catch (SocketException error)
            {
                LogFailed(upstream, error.SocketErrorCode);
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "cluster DNS: upstream {Upstream} did not answer within 2 s")]
    private partial void LogTimeout(IPEndPoint upstream);

    [LoggerMessage(Level = LogLevel.Debug, Message = "cluster DNS: forwarding to {Upstream} failed: {Error}")]
    private partial void LogFailed(IPEndPoint upstream, SocketError error);
}
