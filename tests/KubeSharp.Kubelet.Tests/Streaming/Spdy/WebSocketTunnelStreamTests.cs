using System.Net.WebSockets;
using System.Text;
using KubeSharp.Kubelet.Streaming.Spdy;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Kubelet.Tests.Streaming.Spdy;

public sealed class WebSocketTunnelStreamTests
{

    [Fact]
    public async Task Each_write_is_one_binary_message()
    {
        var (server, client) = Connect();
        await using var tunnel = new WebSocketTunnelStream(server);

        await tunnel.WriteAsync("frame one"u8.ToArray(), SpdyPair.Bounded());
        await tunnel.WriteAsync("two"u8.ToArray(), SpdyPair.Bounded());

        Assert.Equal((WebSocketMessageType.Binary, "frame one"), await ReceiveMessageAsync(client));
        Assert.Equal((WebSocketMessageType.Binary, "two"), await ReceiveMessageAsync(client));
        client.Dispose();
    }

    [Fact]
    public async Task Reads_go_on_from_one_message_into_the_next_until_the_close()
    {
        var (server, client) = Connect();
        await using var tunnel = new WebSocketTunnelStream(server);

        await SendAsync(client, "abc");
        await SendAsync(client, "defg");
        await SendAsync(client, string.Empty);
        await SendAsync(client, "h");
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, SpdyPair.Bounded());

        var received = new MemoryStream();
        var buffer = new byte[3];
        int read;
        while ((read = await tunnel.ReadAsync(buffer, SpdyPair.Bounded())) > 0)
        {
            received.Write(buffer, 0, read);
        }

        Assert.Equal("abcdefgh", Encoding.ASCII.GetString(received.ToArray()));
        Assert.Equal(0, await tunnel.ReadAsync(buffer, SpdyPair.Bounded()));
        client.Dispose();
    }

    [Fact]
    public async Task A_text_message_is_invalid()
    {
        var (server, client) = Connect();
        await using var tunnel = new WebSocketTunnelStream(server);

        await SendAsync(client, "text", WebSocketMessageType.Text);

        await Assert.ThrowsAsync<InvalidDataException>(() => tunnel.ReadAsync(new byte[8], SpdyPair.Bounded()).AsTask());
        client.Dispose();
    }

    [Fact]
    public async Task Disposing_closes_the_websocket_normally()
    {
        var (server, client) = Connect();
        var tunnel = new WebSocketTunnelStream(server);

        await tunnel.DisposeAsync();

        Assert.Equal((WebSocketMessageType.Close, string.Empty), await ReceiveMessageAsync(client));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
        client.Dispose();
    }

    [Fact]
    public async Task A_spdy_session_runs_through_the_tunnel()
    {
        var (serverSocket, clientSocket) = Connect();
        await using var server = SpdyConnection.Server(new WebSocketTunnelStream(serverSocket), NullLogger.Instance);
        await using var client = SpdyConnection.Client(new WebSocketTunnelStream(clientSocket), NullLogger.Instance);
        var serverRun = server.RunAsync(CancellationToken.None);
        var clientRun = client.RunAsync(CancellationToken.None);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["streamtype"] = "data", ["port"] = "80", ["requestid"] = "0" };

        var opening = client.OpenStreamAsync(headers, SpdyPair.Bounded());
        var accepted = await server.AcceptStreamAsync(SpdyPair.Bounded());
        Assert.NotNull(accepted);
        await accepted.ReplyAsync(SpdyPair.Bounded());
        var stream = await opening;
        var sent = SpdyPair.Pattern(200_000, 3);
        var writing = Task.Run(async () =>
        {
            await stream.WriteAsync(sent, SpdyPair.Bounded());
            await stream.CloseWriteAsync(SpdyPair.Bounded());
        });
        var received = await SpdyPair.ReadToEndAsync(accepted);
        await accepted.WriteAsync("ok"u8.ToArray(), SpdyPair.Bounded());
        var answer = await SpdyPair.ReadExactlyAsync(stream, 2);
        await writing.WaitAsync(SpdyPair.Bound);

        Assert.Equal("data", accepted.Headers["streamtype"]);
        Assert.Equal(sent, received);
        Assert.Equal("ok", Encoding.ASCII.GetString(answer));

        await client.DisposeAsync();
        await serverRun.WaitAsync(SpdyPair.Bound);
        await clientRun.WaitAsync(SpdyPair.Bound);
        Assert.Null(await server.AcceptStreamAsync(SpdyPair.Bounded()));
    }

    private static (WebSocket Server, WebSocket Client) Connect()
    {
        var (serverEnd, clientEnd) = DuplexPipe.Create();
        return (
            WebSocket.CreateFromStream(serverEnd, isServer: true, subProtocol: null, Timeout.InfiniteTimeSpan),
            WebSocket.CreateFromStream(clientEnd, isServer: false, subProtocol: null, Timeout.InfiniteTimeSpan));
    }

    private static async Task SendAsync(WebSocket socket, string text, WebSocketMessageType type = WebSocketMessageType.Binary)
    {
        await socket.SendAsync(Encoding.UTF8.GetBytes(text).AsMemory(), type, endOfMessage: true, SpdyPair.Bounded());
    }

    private static async Task<(WebSocketMessageType Type, string Text)> ReceiveMessageAsync(WebSocket socket)
    {
        var message = new MemoryStream();
        var buffer = new byte[1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), SpdyPair.Bounded());
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (result.MessageType, Encoding.UTF8.GetString(message.ToArray()));
            }
        }
    }
}
