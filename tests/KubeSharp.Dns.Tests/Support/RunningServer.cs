using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using KubeSharp.Dns.Records;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Dns.Tests.Support;

/// <summary>A cluster DNS server on 127.0.0.1, a free port, over a fixed snapshot; and clients that talk to it.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    /// <summary>Only against a hang: every exchange here takes milliseconds.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stop = new();
    private readonly ClusterDns _dns;
    private readonly Task _run;

    private RunningServer(ZoneSnapshot zone)
    {
        var options = new DnsOptions { Listen = [new IPEndPoint(IPAddress.Loopback, 0)] };
        _dns = new ClusterDns(new FixedSnapshot(zone), options, new FakeTimeProvider(), NullLoggerFactory.Instance);
        _run = _dns.RunAsync(_stop.Token);
    }

    public IPEndPoint Endpoint => _dns.BoundEndpoints[0];

    public static async Task<RunningServer> StartAsync(ZoneSnapshot zone)
    {
        var server = new RunningServer(zone);
        await server._dns.Ready.WaitAsync(Guard);
        return server;
    }

    public async Task<TestReply> UdpAsync(byte[] query)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var guard = new CancellationTokenSource(Guard);
        await socket.SendToAsync(query, SocketFlags.None, Endpoint, guard.Token);
        var buffer = new byte[ushort.MaxValue];
        var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), guard.Token);
        return TestReply.Parse(buffer.AsSpan(0, received.ReceivedBytes));
    }

    /// <summary>Sends every query on one connection at once, then reads as many replies.</summary>
    public async Task<List<TestReply>> TcpAsync(params byte[][] queries)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var guard = new CancellationTokenSource(Guard);
        await socket.ConnectAsync(Endpoint, guard.Token);
        await socket.SendAsync(queries.SelectMany(query => TestQueries.Framed(query)).ToArray(), SocketFlags.None, guard.Token);
        var replies = new List<TestReply>();
        var length = new byte[2];
        for (var i = 0; i < queries.Length; i++)
        {
            await ReceiveAsync(socket, length, guard.Token);
            var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(length)];
            await ReceiveAsync(socket, message, guard.Token);
            replies.Add(TestReply.Parse(message));
        }

        return replies;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        await _dns.DisposeAsync();
        _stop.Dispose();
    }

    private static async Task ReceiveAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken);
            if (received == 0)
            {
                throw new EndOfStreamException("the server closed the connection");
            }

            filled += received;
        }
    }
}
