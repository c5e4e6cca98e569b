using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Kubelet;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace KubeSharp.ApiServer.Proxy;

/// <summary>
/// The proxy subresources of pods, services and nodes (what `kubectl proxy` users reach services and
/// pods through): the target is found (<see cref="ProxyTargets"/>), a bare .../proxy is redirected to
/// .../proxy/ as upstream does, and the request is forwarded (<see cref="ProxyForwarder"/>). A node's
/// own kubelet is reached through <see cref="IKubeletConnector"/>, which offers GET only.
/// </summary>
internal sealed class ResourceProxy : IDisposable
{
    private readonly ProxyTargets _targets;
    private readonly IKubeletConnector _kubelets;
    private readonly ProxyForwarder _forwarder;

    public ResourceProxy(ProxyTargets targets, IKubeletConnector kubelets, ILogger logger)
    {
        _targets = targets;
        _kubelets = kubelets;
        _forwarder = new ProxyForwarder(logger);
    }

    /// <summary>Answers the request; errors before the backend answered are thrown as <see cref="ApiException"/>.</summary>
    public async Task HandleAsync(HttpContext context, ProxyRequest request)
    {
        switch (request.Resource)
        {
            case "pods":
                await ForwardAsync(context, request, _targets.Pod(request));
                break;
            case "services":
                await ForwardAsync(context, request, _targets.Service(request));
                break;
            default:
                var (node, target, toKubelet) = _targets.Node(request);
                if (toKubelet)
                {
                    await KubeletAsync(context, request, node, target);
                }
                else
                {
                    await ForwardAsync(context, request, target);
                }

                break;
        }
    }

    public void Dispose() => _forwarder.Dispose();

    private async Task ForwardAsync(HttpContext context, ProxyRequest request, ProxyTarget target)
    {
        if (!RedirectedToDirectory(context, request))
        {
            await _forwarder.ForwardAsync(context, request, target);
        }
    }

    private async Task KubeletAsync(HttpContext context, ProxyRequest request, V1Node node, ProxyTarget kubelet)
    {
        var method = context.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            throw ApiErrors.MethodNotSupported(string.Empty, "nodes/proxy", method.ToLowerInvariant());
        }

        if (RedirectedToDirectory(context, request))
        {
            return;
        }

        var aborted = context.RequestAborted;
        HttpResponseMessage response;
        try
        {
            response = await _kubelets.GetAsync(node, request.BackendPathAndQuery(context), aborted);
        }
        catch (Exception error) when (ProxyErrors.IsConnectionFailure(error) || (error is OperationCanceledException && !aborted.IsCancellationRequested))
        {
            throw ProxyErrors.Unreachable(kubelet, error);
        }

        using (response)
        {
            var requestHost = context.Request.Host.ToString();
            await BackendResponse.WriteAsync(
                context, response, location => ProxyLocation.Rewrite(location, request.Prefix, kubelet.Authority, requestHost), aborted);
        }
    }

    /// <summary>
    /// Upstream answers a GET or HEAD of .../proxy (no sub-path) with a redirect to .../proxy/, so that
    /// the backend's relative links resolve under the proxy path. Upgrades go through as they are.
    /// </summary>
    private static bool RedirectedToDirectory(HttpContext context, ProxyRequest request)
    {
        var method = context.Request.Method;
        if (request.SubPath.Length > 0 || !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
            || context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true })
        {
            return false;
        }

        context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
        context.Response.Headers.Location = request.Prefix + "/" + context.Request.QueryString.Value;
        return true;
    }
}
