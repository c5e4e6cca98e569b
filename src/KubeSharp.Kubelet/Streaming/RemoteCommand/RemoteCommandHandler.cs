using System.Net.WebSockets;
using Grpc.Core;
using k8s.Models;
using KubeSharp.Kubelet.Pods;
using KubeSharp.Kubelet.Server;
using KubeSharp.Kubelet.Streaming.Spdy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Streaming.RemoteCommand;

/// <summary>
/// The kubelet's exec and attach endpoints. As upstream's kubelet: the query names the streams, the
/// container must be running, and the runtime is asked for the session (CRI Exec or Attach), with
/// refusals answered as a Status before any upgrade. The kubelet then serves the stream protocol
/// itself, WebSocket (<c>v5.channel.k8s.io</c> and upstream's older channel protocols) or SPDY (v4 down
/// to v1), and relays the session to the runtime's streaming server over SPDY v4; the runtime's status
/// (exit code) is passed on in the user's protocol.
/// </summary>
internal sealed partial class RemoteCommandHandler
{
    private readonly IPodStreamingSource _source;
    private readonly IRemoteCommandBackend _backend;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RemoteCommandRunner _runner;

    public RemoteCommandHandler(IPodStreamingSource source, TimeProvider time, ILogger logger)
        : this(source, new CriRemoteCommandBackend(source, time, logger), time, logger)
    {
    }

    internal RemoteCommandHandler(IPodStreamingSource source, IRemoteCommandBackend backend, TimeProvider time, ILogger logger)
    {
        _source = source;
        _backend = backend;
        _time = time;
        _logger = logger;
        _runner = new RemoteCommandRunner(time, logger);
    }

    /// <summary><c>/exec/{namespace}/{pod}/{container}?command=...&amp;input=1&amp;output=1&amp;error=1&amp;tty=1</c>.</summary>
    public Task ExecAsync(HttpContext context, V1Pod pod, string container, CancellationToken cancellationToken) =>
        ServeAsync(context, pod, container, attach: false, cancellationToken);

    /// <summary><c>/attach/{namespace}/{pod}/{container}?input=1&amp;output=1&amp;error=1&amp;tty=1</c>: the container's own process, with its own tty setting.</summary>
    public Task AttachAsync(HttpContext context, V1Pod pod, string container, CancellationToken cancellationToken) =>
        ServeAsync(context, pod, container, attach: true, cancellationToken);

    private async Task ServeAsync(HttpContext context, V1Pod pod, string container, bool attach, CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.RequestAborted);
        var token = session.Token;
        var kind = attach ? "attach" : "exec";
        try
        {
            if (RemoteCommandOptions.FromQuery(context.Request.Query) is not { } options)
            {
                await WriteStatusAsync(context, RemoteCommandStatus.Failure(StatusCodes.Status400BadRequest, RemoteCommandOptions.NoStreamsMessage), token);
                return;
            }

            var request = await ResolveAsync(pod, container, attach, options, context.Request.Query, token);
            var url = await _backend.PrepareAsync(request, token);
            if (context.WebSockets.IsWebSocketRequest)
            {
                await ServeWebSocketAsync(context, url, request, options, kind, token);
            }
            else
            {
                await ServeSpdyAsync(context, url, request, options, kind, token);
            }
        }
        catch (RemoteCommandException refused)
        {
            LogRefused(_logger, kind, pod.Metadata?.NamespaceProperty, pod.Metadata?.Name, container, refused.Message);
            await WriteStatusAsync(context, refused.Status, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The client went away, or the kubelet is stopping.
        }
        catch (Exception error) when (error is WebSocketException or IOException)
        {
            LogConnectionFailed(_logger, kind, error.Message);
        }
    }

    /// <summary>The running container the session is for, and what the runtime is asked for.</summary>
    private async Task<RemoteCommandRequest> ResolveAsync(
        V1Pod pod, string container, bool attach, RemoteCommandOptions options, IQueryCollection query, CancellationToken cancellationToken)
    {
        RuntimePod runtime;
        try
        {
            runtime = await _source.ReadRuntimeAsync(pod.Metadata.Uid, cancellationToken);
        }
        catch (RpcException error) when (!cancellationToken.IsCancellationRequested)
        {
            throw RemoteCommandException.FromRpc(error);
        }

        // Upstream looks the container up among the runtime's running ones.
        var running = runtime.Containers
            .Where(c => c.Name == container && c.Running)
            .MaxBy(c => (c.Attempt, c.CreatedAt));
        if (!attach)
        {
            return running is null
                ? throw new RemoteCommandException(RemoteCommandStatus.Failure(StatusCodes.Status500InternalServerError, $"container not found (\"{container}\")"))
                : new RemoteCommandRequest(running.Id, RemoteCommandOptions.Command(query), options);
        }

        // A process's terminal cannot change once it runs: attach follows the container's tty setting.
        bool? tty = pod.Spec?.Containers?.FirstOrDefault(c => c.Name == container) is { } regular ? regular.Tty == true
            : pod.Spec?.InitContainers?.FirstOrDefault(c => c.Name == container) is { } init ? init.Tty == true
            : pod.Spec?.EphemeralContainers?.FirstOrDefault(c => c.Name == container) is { } ephemeral ? ephemeral.Tty == true
            : (bool?)null;
        if (running is null || tty is null)
        {
            var message = $"container {container} not found in pod {pod.Metadata.Name}_{pod.Metadata.NamespaceProperty}";
            throw new RemoteCommandException(RemoteCommandStatus.Failure(StatusCodes.Status500InternalServerError, message));
        }

        return new RemoteCommandRequest(running.Id, null, options.WithTty(tty.Value));
    }

    private async Task ServeWebSocketAsync(HttpContext context, string url, RemoteCommandRequest request, RemoteCommandOptions options, string kind, CancellationToken token)
    {
        var offered = context.WebSockets.WebSocketRequestedProtocols;
        var protocol = RemoteCommandProtocols.NegotiateWebSocket(offered);
        if (protocol is null)
        {
            var message = $"requested protocol(s) are not supported: {RemoteCommandProtocols.GoList(offered)}; supports {RemoteCommandProtocols.GoList(RemoteCommandProtocols.WebSocket)}";
            await WriteStatusAsync(context, RemoteCommandStatus.Failure(StatusCodes.Status403Forbidden, message), token);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = protocol.Length == 0 ? null : protocol });
        using var peer = new WebSocketRemoteCommandPeer(socket, WebSocketChannelCodec.For(protocol), options, _logger);
        LogStarted(_logger, kind, request.ContainerId, "WebSocket", protocol);
        await peer.StartAsync(token);
        await _runner.RunAsync(peer, connecting => _backend.ConnectAsync(url, request, connecting), token);
    }

    private async Task ServeSpdyAsync(HttpContext context, string url, RemoteCommandRequest request, RemoteCommandOptions options, string kind, CancellationToken token)
    {
        var offered = RemoteCommandProtocols.SplitOffered(context.Request.Headers[RemoteCommandProtocols.VersionHeader]);
        if (offered.Count == 0)
        {
            var message = $"unable to upgrade: {RemoteCommandProtocols.VersionHeader} is required";
            await WriteStatusAsync(context, RemoteCommandStatus.Failure(StatusCodes.Status400BadRequest, message), token);
            return;
        }

        var protocol = RemoteCommandProtocols.NegotiateSpdy(offered);
        if (protocol is null)
        {
            foreach (var served in RemoteCommandProtocols.Spdy)
            {
                context.Response.Headers.Append(RemoteCommandProtocols.AcceptedVersionsHeader, served);
            }

            var message = "unable to upgrade: unable to negotiate protocol: "
                + $"client supports {RemoteCommandProtocols.GoList(offered)}, server accepts {RemoteCommandProtocols.GoList(RemoteCommandProtocols.Spdy)}";
            await WriteStatusAsync(context, RemoteCommandStatus.Failure(StatusCodes.Status403Forbidden, message), token);
            return;
        }

        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var upgradeHeader = context.Request.Headers.Upgrade.ToString();
        if (upgrade is not { IsUpgradableRequest: true }
            || !upgradeHeader.Contains(RemoteCommandProtocols.SpdyUpgrade, StringComparison.OrdinalIgnoreCase))
        {
            await WriteStatusAsync(context, RemoteCommandStatus.Failure(StatusCodes.Status400BadRequest, "unable to upgrade: missing upgrade headers in request"), token);
            return;
        }

        // Kestrel answers 101 with Connection: Upgrade and these.
        context.Response.Headers.Upgrade = RemoteCommandProtocols.SpdyUpgrade;
        context.Response.Headers[RemoteCommandProtocols.VersionHeader] = protocol;
        await using var transport = await upgrade.UpgradeAsync();
        var connection = SpdyConnection.Server(transport, _logger);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(token);
        var loop = connection.RunAsync(reading.Token);
        try
        {
            SpdyRemoteCommandPeer peer;
            try
            {
                peer = await SpdyRemoteCommandPeer.AcceptAsync(connection, protocol, options, _time, _logger, token);
            }
            catch (Exception error) when (error is TimeoutException or IOException)
            {
                LogStreamsMissing(_logger, kind, error.Message);
                return;
            }

            LogStarted(_logger, kind, request.ContainerId, "SPDY", protocol);
            await _runner.RunAsync(peer, connecting => _backend.ConnectAsync(url, request, connecting), token);
        }
        finally
        {
            await reading.CancelAsync();
            await connection.DisposeAsync();
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>A refusal before any stream exists: a Status with its HTTP code, which clients show as the error.</summary>
    private static async Task WriteStatusAsync(HttpContext context, RemoteCommandStatus status, CancellationToken cancellationToken)
    {
        var body = status.ToJson(withTypeMeta: true);
        context.Response.StatusCode = status.Code;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "remote command: {Kind} in container {ContainerId} over {Transport} {Protocol}")]
    private static partial void LogStarted(ILogger logger, string kind, string containerId, string transport, string protocol);

    [LoggerMessage(Level = LogLevel.Information, Message = "remote command: {Kind} in {Namespace}/{Pod} container {Container} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string kind, string? @namespace, string? pod, string container, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "remote command: {Kind}: the client's streams did not arrive: {Reason}")]
    private static partial void LogStreamsMissing(ILogger logger, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "remote command: {Kind}: the connection failed: {Reason}")]
    private static partial void LogConnectionFailed(ILogger logger, string kind, string reason);
}
