using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace KubeSharp.Kubelet.Streaming;

/// <summary>
/// The server half of a WebSocket handshake done by hand, for subprotocols .NET refuses as tokens:
/// kubectl's "SPDY/3.1+portforward.k8s.io" holds a '/', which ASP.NET Core's WebSocket accept (and
/// WebSocket.CreateFromStream) reject.
/// </summary>
internal static class WebSocketHandshake
{
    private const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    public static async Task<WebSocket> AcceptAsync(HttpContext context, string subProtocol, TimeSpan keepAlive)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var key = context.Request.Headers["Sec-WebSocket-Key"].ToString();
        if (upgrade is not { IsUpgradableRequest: true } || key.Length == 0)
        {
            throw new InvalidOperationException("not a WebSocket upgrade request");
        }

        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + Guid)));
        context.Response.Headers.Connection = "Upgrade";
        context.Response.Headers.Upgrade = "websocket";
        context.Response.Headers.SecWebSocketAccept = accept;
        context.Response.Headers.SecWebSocketProtocol = subProtocol;
        var stream = await upgrade.UpgradeAsync();
        return WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = keepAlive });
    }
}
