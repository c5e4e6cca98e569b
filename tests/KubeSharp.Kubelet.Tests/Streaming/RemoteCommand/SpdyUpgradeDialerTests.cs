using System.Net;
using System.Net.Sockets;
using System.Text;
using KubeSharp.Kubelet.Streaming.RemoteCommand;

namespace KubeSharp.Kubelet.Tests.Streaming.RemoteCommand;

public sealed class SpdyUpgradeDialerTests
{
    private const string SwitchingProtocols =
        "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\n\r\n";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_upgrade_is_asked_as_client_go_asks_it_and_bytes_after_the_head_stay_readable()
    {
        var (kubeletEnd, runtimeEnd) = InMemoryDuplex.Create();
        var handshake = SpdyUpgradeDialer.HandshakeAsync(kubeletEnd, new Uri("http://127.0.0.1:35017/exec/Xq3Zb1Ao"), "v4.channel.k8s.io", CancellationToken.None);

        var request = await ReadHeadAsync(runtimeEnd);
        Assert.Equal("POST /exec/Xq3Zb1Ao HTTP/1.1", request[0]);
        Assert.Contains("Host: 127.0.0.1:35017", request);
        Assert.Contains("Connection: Upgrade", request);
        Assert.Contains("Upgrade: SPDY/3.1", request);
        Assert.Contains("X-Stream-Protocol-Version: v4.channel.k8s.io", request);

        // The server's first SPDY frame may come in the same packet as the response head.
        byte[] firstFrame = [0x80, 0x03, 0x00, 0x04];
        await runtimeEnd.WriteAsync(Encoding.ASCII.GetBytes(SwitchingProtocols).Concat(firstFrame).ToArray());
        await using var upgraded = await handshake.WaitAsync(Patience);
        var frame = new byte[4];
        await upgraded.ReadExactlyAsync(frame);
        Assert.Equal(firstFrame, frame);
    }

    [Fact]
    public async Task A_refused_upgrade_reports_the_servers_answer_as_client_go_does()
    {
        var (kubeletEnd, runtimeEnd) = InMemoryDuplex.Create();
        var handshake = SpdyUpgradeDialer.HandshakeAsync(kubeletEnd, new Uri("http://127.0.0.1:35017/exec/expired"), "v4.channel.k8s.io", CancellationToken.None);
        await ReadHeadAsync(runtimeEnd);

        await runtimeEnd.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 16\r\n\r\n"));
        await runtimeEnd.WriteAsync(Encoding.ASCII.GetBytes("token not found\n"));

        var error = await Assert.ThrowsAsync<IOException>(() => handshake.WaitAsync(Patience));
        Assert.Equal("unable to upgrade connection: token not found", error.Message);
    }

    [Fact]
    public async Task Dialing_reaches_the_streaming_server_over_tcp_and_checks_the_version_it_chose()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serving = Task.Run(async () =>
        {
            using var accepted = await listener.AcceptTcpClientAsync();
            var stream = accepted.GetStream();
            await ReadHeadAsync(stream);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(SwitchingProtocols.Replace("v4.channel.k8s.io", "v3.channel.k8s.io", StringComparison.Ordinal)));
        });

        var error = await Assert.ThrowsAsync<IOException>(() =>
            SpdyUpgradeDialer.DialAsync(new Uri($"http://127.0.0.1:{port}/exec/abc"), "v4.channel.k8s.io", TimeProvider.System, CancellationToken.None).WaitAsync(Patience));

        Assert.Equal("the runtime's streaming server chose stream protocol \"v3.channel.k8s.io\" instead of v4.channel.k8s.io", error.Message);
        await serving.WaitAsync(Patience);
    }

    [Fact]
    public async Task Only_plain_http_streaming_servers_are_dialled()
    {
        await Assert.ThrowsAsync<IOException>(() =>
            SpdyUpgradeDialer.DialAsync(new Uri("https://127.0.0.1:10010/exec/abc"), "v4.channel.k8s.io", TimeProvider.System, CancellationToken.None));
    }

    /// <summary>The request head's lines, read up to the empty line.</summary>
    private static async Task<string[]> ReadHeadAsync(Stream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!head.TakeLast(4).SequenceEqual("\r\n\r\n"u8.ToArray()))
        {
            using var timeout = new CancellationTokenSource(Patience);
            if (await stream.ReadAsync(one, timeout.Token) == 0)
            {
                throw new IOException("the request head ended early");
            }

            head.Add(one[0]);
        }

        return Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }
}
