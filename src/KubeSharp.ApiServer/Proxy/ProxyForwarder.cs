using System.Net;
using System.Net.Security;
using KubeSharp.Api.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace KubeSharp.ApiServer.Proxy;

/// <summary>
/// Forwards a proxy request to its backend as upstream's upgrade-aware proxy handler does: any
/// method, the query as sent, headers both ways (minus the hop-by-hop ones), bodies streamed both
/// ways, redirects kept under the proxy path; an upgrade request (WebSocket, SPDY) goes to
/// <see cref="UpgradeForwarder"/>. The connection is made from the API server's own network to the
/// backend's address, as upstream's is; https backends are not verified (upstream's proxy transport
/// skips verification too).
/// </summary>
internal sealed class ProxyForwarder : IDisposable
{
    /// <summary>Upstream's proxy dialer timeout.</summary>
    public static readonly TimeSpan DialTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly UpgradeForwarder _upgrades;

    public ProxyForwarder(ILogger logger)
    {
        _upgrades = new UpgradeForwarder(logger);
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = DialTimeout,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = static (_, _, _, _) => true },
        })
        { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task ForwardAsync(HttpContext context, ProxyRequest request, ProxyTarget target)
    {
        var aborted = context.RequestAborted;
        var pathAndQuery = request.BackendPathAndQuery(context);
        if (context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
        {
            await _upgrades.ForwardAsync(context, upgrade, target, pathAndQuery, aborted);
            return;
        }

        Uri uri;
        try
        {
            uri = target.Uri(pathAndQuery);
        }
        catch (UriFormatException error)
        {
            throw ApiErrors.BadRequest($"invalid proxy path: {error.Message}");
        }

        // Uploads are the backend's to limit, not the API server's object size limit.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        using var message = new HttpRequestMessage(new HttpMethod(context.Request.Method), uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = HasBody(context) ? new StreamContent(context.Request.Body) : null,
        };
        ProxyHeaders.CopyRequest(context, request, message);

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, aborted);
        }
        catch (Exception error) when (ProxyErrors.IsConnectionFailure(error) || (error is OperationCanceledException && !aborted.IsCancellationRequested))
        {
            throw ProxyErrors.Unreachable(target, error);
        }

        using (response)
        {
            var requestHost = context.Request.Host.ToString();
            await BackendResponse.WriteAsync(
                context, response, location => ProxyLocation.Rewrite(location, request.Prefix, target.Authority, requestHost), aborted);
        }
    }

    public void Dispose() => _http.Dispose();

    private static bool HasBody(HttpContext context) =>
        context.Features.Get<IHttpRequestBodyDetectionFeature>() is { } detection ? detection.CanHaveBody : context.Request.ContentLength > 0;
}
