using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace KubeSharp.Kubelet.Tests.Streaming.RemoteCommand;

/// <summary>The user's side of a WebSocket session in tests: whole messages in, whole messages out.</summary>
internal static class WebSocketTestClient
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static WebSocket Connect(Stream clientEnd) =>
        WebSocket.CreateFromStream(clientEnd, new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });

    public static async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var message = new ArrayBufferWriter<byte>();
        while (true)
        {
            var received = await socket.ReceiveAsync(message.GetMemory(4096), timeout.Token);
            message.Advance(received.Count);
            if (received.EndOfMessage)
            {
                return (received.MessageType, message.WrittenSpan.ToArray());
            }
        }
    }

    /// <summary>A binary message: the channel's byte, then the data.</summary>
    public static Task SendAsync(WebSocket socket, int channel, string data) =>
        SendAsync(socket, [(byte)channel, .. Encoding.UTF8.GetBytes(data)], WebSocketMessageType.Binary);

    public static async Task SendAsync(WebSocket socket, byte[] message, WebSocketMessageType type)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await socket.SendAsync(message, type, endOfMessage: true, timeout.Token);
    }

    /// <summary>A binary message as text: its channel as a character, then the rest as UTF-8.</summary>
    public static string Show(byte[] message) => $"{message[0]}:{Encoding.UTF8.GetString(message.AsSpan(1))}";
}
