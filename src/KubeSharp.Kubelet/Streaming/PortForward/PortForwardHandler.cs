using System.Globalization;
using Grpc.Core;
using k8s.Models;
using KubeSharp.Kubelet.Server;
using KubeSharp.Kubelet.Streaming.Spdy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Streaming.PortForward;

/// <summary>
/// The kubelet's <c>/portForward/{namespace}/{pod}</c> (upstream's streaming server, with containerd's
/// forwarding inside the pod's network namespace). Three ways in:
/// <list type="bullet">
/// <item>SPDY/3.1 (<c>Upgrade: SPDY/3.1</c>, <c>X-Stream-Protocol-Version: portforward.k8s.io</c>): kubectl's fallback;</item>
/// <item>the same SPDY carried in WebSocket messages (subprotocol <c>SPDY/3.1+portforward.k8s.io</c>): kubectl 1.30+;</item>
/// <item>the WebSocket channel protocol with the ports in the query (<c>v4.channel.k8s.io</c>,
/// <c>v4.base64.channel.k8s.io</c> or none): the C# client and older clients.</item>
/// </list>
/// The request's end (or <c>HandleAsync</c>'s token) ends the session and every connection in it. Needs
/// the WebSockets middleware in the pipeline for the WebSocket ways.
/// </summary>
internal sealed partial class PortForwardHandler(IPodStreamingSource source, TimeProvider time, ILogger logger)
{
    public async Task HandleAsync(HttpContext context, V1Pod pod, CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.RequestAborted);
        var token = session.Token;
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await ServeSpdyAsync(context, pod, token);
        }
        else if (context.WebSockets.WebSocketRequestedProtocols.Any(p => p.StartsWith(PortForwardProtocols.TunnelPrefix, StringComparison.Ordinal)))
        {
            await ServeTunnelAsync(context, pod, token);
        }
        else
        {
            await ServeChannelsAsync(context, pod, token);
        }
    }

    private async Task ServeSpdyAsync(HttpContext context, V1Pod pod, CancellationToken token)
    {
        var request = context.Request;
        var offered = request.Headers[PortForwardProtocols.StreamProtocolHeader]
            .SelectMany(value => (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        if (offered.Count == 0)
        {
            await RefuseAsync(context, pod, StatusCodes.Status400BadRequest, $"unable to upgrade: {PortForwardProtocols.StreamProtocolHeader} is required", token);
            return;
        }

        if (!offered.Contains(PortForwardProtocols.PortForward))
        {
            await RefuseProtocolsAsync(context, pod, offered, token);
            return;
        }

        if (!request.Headers.Connection.ToString().Contains("upgrade", StringComparison.OrdinalIgnoreCase)
            || !request.Headers.Upgrade.ToString().Contains(PortForwardProtocols.Spdy, StringComparison.OrdinalIgnoreCase))
        {
            await RefuseAsync(context, pod, StatusCodes.Status400BadRequest, "unable to upgrade: missing upgrade headers in request", token);
            return;
        }

        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is not { IsUpgradableRequest: true })
        {
            await RefuseAsync(context, pod, StatusCodes.Status500InternalServerError, "unable to upgrade: unable to hijack response", token);
            return;
        }

        if (await ForwarderAsync(context, pod, token) is not { } forwarder)
        {
            return;
        }

        context.Response.Headers[PortForwardProtocols.StreamProtocolHeader] = PortForwardProtocols.PortForward;
        context.Response.Headers.Connection = "Upgrade";
        context.Response.Headers.Upgrade = PortForwardProtocols.Spdy;
        await using var transport = await upgrade.UpgradeAsync();
        LogSession(logger, PortForwardProtocols.Spdy, Namespace(pod), Name(pod));
        await RunSpdyAsync(transport, forwarder, Peer(context), token);
    }

    private async Task ServeTunnelAsync(HttpContext context, V1Pod pod, CancellationToken token)
    {
        // Upstream's tunnelling handler: the SPDY protocols are those offered behind the prefix.
        var offered = context.WebSockets.WebSocketRequestedProtocols
            .Where(p => p.StartsWith(PortForwardProtocols.TunnelPrefix, StringComparison.Ordinal) && p.EndsWith(PortForwardProtocols.KubernetesSuffix, StringComparison.Ordinal))
            .Select(p => p[PortForwardProtocols.TunnelPrefix.Length..])
            .ToList();
        if (offered.Count == 0)
        {
            await RefuseAsync(context, pod, StatusCodes.Status400BadRequest, "unable to upgrade: no tunneling spdy protocols provided", token);
            return;
        }

        if (!offered.Contains(PortForwardProtocols.PortForward))
        {
            await RefuseProtocolsAsync(context, pod, offered, token);
            return;
        }

        if (await ForwarderAsync(context, pod, token) is not { } forwarder)
        {
            return;
        }

        var protocol = PortForwardProtocols.TunnelPrefix + PortForwardProtocols.PortForward;
        using var socket = await WebSocketHandshake.AcceptAsync(context, protocol, TimeSpan.FromSeconds(30));
        await using var transport = new WebSocketTunnelStream(socket);
        LogSession(logger, protocol, Namespace(pod), Name(pod));
        await RunSpdyAsync(transport, forwarder, Peer(context), token);
    }

    private async Task ServeChannelsAsync(HttpContext context, V1Pod pod, CancellationToken token)
    {
        var query = context.Request.Query;
        if (!PortForwardPorts.TryParse([.. query["port"], .. query["ports"]], out var ports, out var problem))
        {
            await RefuseAsync(context, pod, StatusCodes.Status400BadRequest, problem, token);
            return;
        }

        // No subprotocol at all is upstream's binary "" protocol; otherwise the client's first one we speak.
        var requested = context.WebSockets.WebSocketRequestedProtocols;
        var protocol = requested.FirstOrDefault(p => p is PortForwardProtocols.ChannelV4 or PortForwardProtocols.Base64ChannelV4);
        if (requested.Count > 0 && protocol is null)
        {
            var message = $"requested protocol(s) are not supported: [{string.Join(' ', requested)}]; supports [{PortForwardProtocols.ChannelV4} {PortForwardProtocols.Base64ChannelV4}]";
            await RefuseAsync(context, pod, StatusCodes.Status403Forbidden, message, token);
            return;
        }

        if (await ForwarderAsync(context, pod, token) is not { } forwarder)
        {
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = protocol });
        LogSession(logger, protocol ?? "channel", Namespace(pod), Name(pod));
        var session = new WebSocketPortForwardSession(socket, protocol == PortForwardProtocols.Base64ChannelV4, ports, forwarder, time, logger);
        await session.RunAsync(token);
    }

    private async Task RunSpdyAsync(Stream transport, PortForwarder forwarder, string peer, CancellationToken token)
    {
        await using var connection = SpdyConnection.Server(transport, logger);
        var session = new SpdyPortForwardSession(connection, forwarder, peer, time, logger);
        await session.RunAsync(token);
    }

    /// <summary>
    /// The forwarder into the pod's network namespace (checked once per session, as upstream looks up the
    /// sandbox once); null, with the error answered, when the pod has no sandbox or its network is gone.
    /// </summary>
    private async Task<PortForwarder?> ForwarderAsync(HttpContext context, V1Pod pod, CancellationToken token)
    {
        var uid = pod.Metadata?.Uid ?? string.Empty;
        string failure;
        try
        {
            var runtime = await source.ReadRuntimeAsync(uid, token);
            if (runtime.Sandbox is not { } sandbox)
            {
                failure = $"failed to find sandboxID for pod {Name(pod)}_{Namespace(pod)}({uid})";
            }
            else
            {
                var networkNamespace = await source.NetworkNamespaceAsync(uid, token);
                if (networkNamespace is not null || pod.Spec?.HostNetwork == true)
                {
                    var dialer = new PodPortDialer(networkNamespace, sandbox.Id);
                    return new PortForwarder(dialer, $"{Namespace(pod)}/{Name(pod)}", uid, time, logger);
                }

                failure = $"network namespace for sandbox {PortForwardMessages.Quote(sandbox.Id)} is closed";
            }
        }
        catch (RpcException error)
        {
            failure = error.Status.Detail;
        }

        await RefuseAsync(context, pod, StatusCodes.Status500InternalServerError, "Internal error occurred: " + failure, token);
        return null;
    }

    private async Task RefuseProtocolsAsync(HttpContext context, V1Pod pod, IReadOnlyList<string> offered, CancellationToken token)
    {
        context.Response.Headers[PortForwardProtocols.AcceptedProtocolsHeader] = PortForwardProtocols.PortForward;
        var message = $"unable to upgrade: unable to negotiate protocol: client supports [{string.Join(' ', offered)}], server accepts [{PortForwardProtocols.PortForward}]";
        await RefuseAsync(context, pod, StatusCodes.Status403Forbidden, message, token);
    }

    private async Task RefuseAsync(HttpContext context, V1Pod pod, int code, string message, CancellationToken token)
    {
        LogRefused(logger, Namespace(pod), Name(pod), code, message);
        await PortForwardStatus.WriteAsync(context, code, message, token);
    }

    private static string Namespace(V1Pod pod) => pod.Metadata?.NamespaceProperty ?? string.Empty;

    private static string Name(V1Pod pod) => pod.Metadata?.Name ?? string.Empty;

    private static string Peer(HttpContext context) =>
        string.Create(CultureInfo.InvariantCulture, $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}");

    [LoggerMessage(Level = LogLevel.Debug, Message = "port-forward: {Protocol} session for pod {Namespace}/{Name}")]
    private static partial void LogSession(ILogger logger, string protocol, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "port-forward: pod {Namespace}/{Name} refused ({Code}): {Message}")]
    private static partial void LogRefused(ILogger logger, string @namespace, string name, int code, string message);
}
