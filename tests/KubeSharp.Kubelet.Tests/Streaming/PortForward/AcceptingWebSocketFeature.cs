using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace KubeSharp.Kubelet.Tests.Streaming.PortForward;

/// <summary>What the WebSockets middleware gives a request: here the accept hands over the server's end of a <see cref="WebSocketPair"/>.</summary>
internal sealed class AcceptingWebSocketFeature(WebSocket? socket) : IHttpWebSocketFeature
{
    public bool IsWebSocketRequest => true;

    public bool Accepted { get; private set; }

    public string? AcceptedProtocol { get; private set; }

    public Task<WebSocket> AcceptAsync(WebSocketAcceptContext context)
    {
        Accepted = true;
        AcceptedProtocol = context.SubProtocol;
        return Task.FromResult(socket ?? throw new InvalidOperationException("this request was not expected to be accepted"));
    }
}
