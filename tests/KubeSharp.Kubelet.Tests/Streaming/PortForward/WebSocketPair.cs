using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace KubeSharp.Kubelet.Tests.Streaming.PortForward;

/// <summary>Both ends of a WebSocket over a loopback TCP connection: the server's for the code under test, the client's for the test.</summary>
internal sealed class WebSocketPair : IDisposable
{
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpClient _client;
    private readonly TcpClient _server;

    private WebSocketPair(TcpClient client, TcpClient server, string? subProtocol)
    {
        _client = client;
        _server = server;
        Client = WebSocket.CreateFromStream(client.GetStream(), isServer: false, subProtocol, Timeout.InfiniteTimeSpan);
        Server = WebSocket.CreateFromStream(server.GetStream(), isServer: true, subProtocol, Timeout.InfiniteTimeSpan);
    }

    public WebSocket Client { get; }

    public WebSocket Server { get; }

    public static async Task<WebSocketPair> ConnectAsync(string? subProtocol)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        var server = await listener.AcceptTcpClientAsync();
        return new WebSocketPair(client, server, subProtocol);
    }

    /// <summary>The next whole message the client receives (a close is one too).</summary>
    public async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(ReceiveTimeout);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await Client.ReceiveAsync(buffer.AsMemory(), timeout.Token);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (result.MessageType, message.ToArray());
            }
        }
    }

    public Task SendAsync(byte[] message, WebSocketMessageType type) =>
        Client.SendAsync(message.AsMemory(), type, endOfMessage: true, CancellationToken.None).AsTask();

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
        _client.Dispose();
        _server.Dispose();
    }
}
