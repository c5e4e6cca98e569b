using k8s.Models;
using KubeSharp.Kubelet.Streaming.PortForward;
using KubeSharp.Kubelet.Streaming.RemoteCommand;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Server;

/// <summary>
/// Every request to the kubelet server: the client certificate's user is authorized, the path
/// routed to its handler, the pod and container it names looked up (404 with upstream's messages
/// when absent). Handlers get a token that fires when the client goes or the server stops.
/// </summary>
internal sealed partial class KubeletRouter(
    IPodStreamingSource source,
    ContainerLogsHandler logs,
    RemoteCommandHandler commands,
    PortForwardHandler portForward,
    StatsProvider stats,
    string nodeName,
    CancellationToken stopping,
    ILogger logger)
{
    /// <summary>A request over HTTPS: the caller's certificate decides what it may do.</summary>
    public Task HandleAsync(HttpContext context) => ServeAsync(context, context.RequestAborted, inProcess: false);

    /// <summary>
    /// A request of the API server in this same process, on its own HTTP context: it has authenticated and
    /// authorized its user already, as it does before calling any kubelet with its own certificate.
    /// </summary>
    public Task HandleInProcessAsync(HttpContext context, CancellationToken cancellationToken) => ServeAsync(context, cancellationToken, inProcess: true);

    private async Task ServeAsync(HttpContext context, CancellationToken caller, bool inProcess)
    {
        using var request = CancellationTokenSource.CreateLinkedTokenSource(caller, stopping);
        var cancellationToken = request.Token;
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "/";
        try
        {
            if (inProcess)
            {
                await RouteAsync(context, KubeletRoute.Parse(path), method, cancellationToken);
                return;
            }

            // TLS already required a certificate of the cluster CA; this is for a connection that somehow has none.
            if (context.Connection.ClientCertificate is not { } certificate)
            {
                await KubeletStatus.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", cancellationToken);
                return;
            }

            var (user, groups) = KubeletAuthorizer.Identity(certificate);
            if (KubeletAuthorizer.Deny(user, groups, method, path) is { } denial)
            {
                LogForbidden(logger, denial, path);
                await KubeletStatus.WriteAsync(context, StatusCodes.Status403Forbidden, denial, cancellationToken);
                return;
            }

            await RouteAsync(context, KubeletRoute.Parse(path), method, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away or the server stops.
        }
        catch (Exception error)
        {
            LogFailed(logger, method, path, error);
            if (context.Response.HasStarted)
            {
                context.Abort();
            }
            else
            {
                await KubeletStatus.WriteAsync(context, StatusCodes.Status500InternalServerError, error.Message, cancellationToken);
            }
        }
    }

    private async Task RouteAsync(HttpContext context, KubeletRoute route, string method, CancellationToken cancellationToken)
    {
        if (route.Endpoint == KubeletEndpoint.None)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync("404 page not found\n", cancellationToken);
            return;
        }

        if (!route.Accepts(method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            await context.Response.WriteAsync("405: Method Not Allowed", cancellationToken);
            return;
        }

        switch (route.Endpoint)
        {
            case KubeletEndpoint.Healthz:
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("ok", cancellationToken);
                return;
            case KubeletEndpoint.StatsSummary:
                await stats.HandleSummaryAsync(context, nodeName, cancellationToken);
                return;
        }

        var pod = source.FindPod(route.Namespace, route.Pod);
        if (pod is null || (route.Uid is not null && pod.Metadata.Uid != route.Uid))
        {
            await KubeletStatus.WriteAsync(context, StatusCodes.Status404NotFound, $"pod \"{route.Namespace}/{route.Pod}\" not found", cancellationToken);
            return;
        }

        if (route.Container is { } container && !HasContainer(pod, container))
        {
            await KubeletStatus.WriteAsync(
                context, StatusCodes.Status404NotFound, $"container \"{container}\" not found in pod \"{route.Namespace}/{route.Pod}\"", cancellationToken);
            return;
        }

        switch (route.Endpoint)
        {
            case KubeletEndpoint.ContainerLogs:
                await logs.HandleAsync(context, pod, route.Container!, cancellationToken);
                break;
            case KubeletEndpoint.Exec:
                await commands.ExecAsync(context, pod, route.Container!, cancellationToken);
                break;
            case KubeletEndpoint.Attach:
                await commands.AttachAsync(context, pod, route.Container!, cancellationToken);
                break;
            case KubeletEndpoint.PortForward:
                await portForward.HandleAsync(context, pod, cancellationToken);
                break;
        }
    }

    private static bool HasContainer(V1Pod pod, string name) =>
        (pod.Spec?.Containers ?? []).Concat(pod.Spec?.InitContainers ?? []).Any(c => c.Name == name);

    [LoggerMessage(Level = LogLevel.Information, Message = "refused {Path}: {Denial}")]
    private static partial void LogForbidden(ILogger logger, string denial, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, string method, string path, Exception error);
}
