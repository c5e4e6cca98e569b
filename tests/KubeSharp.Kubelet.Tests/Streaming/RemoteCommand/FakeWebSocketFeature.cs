using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace KubeSharp.Kubelet.Tests.Streaming.RemoteCommand;

/// <summary>A WebSocket upgrade that accepts on one end of an in-memory connection, recording the subprotocol chosen.</summary>
internal sealed class FakeWebSocketFeature(Stream serverEnd) : IHttpWebSocketFeature
{
    public bool IsWebSocketRequest => true;

    public bool Accepted { get; private set; }

    public string? SubProtocol { get; private set; }

    public Task<WebSocket> AcceptAsync(WebSocketAcceptContext context)
    {
        Accepted = true;
        SubProtocol = context.SubProtocol;
        return Task.FromResult(WebSocket.CreateFromStream(serverEnd, new WebSocketCreationOptions
        {
            IsServer = true,
            SubProtocol = context.SubProtocol,
            KeepAliveInterval = TimeSpan.Zero,
        }));
    }
}
