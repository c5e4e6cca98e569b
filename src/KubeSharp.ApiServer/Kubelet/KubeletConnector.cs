using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Proxy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace KubeSharp.ApiServer.Kubelet;

/// <summary>
/// The API server's way to a node's kubelet: HTTPS to its InternalIP and kubelet port with the API
/// server's kubelet client certificate. As upstream's API server without
/// --kubelet-certificate-authority, it does not verify the kubelet's serving certificate.
/// <see cref="ProxyAsync"/> forwards a request (logs, exec, attach, port-forward) and, after a
/// 101 Switching Protocols, splices the two connections byte for byte; a kubelet of this process
/// (<see cref="LocalKubelets"/>) serves the request itself instead.
/// </summary>
internal sealed class KubeletConnector : IKubeletConnector, IDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    private readonly X509Certificate2 _certificate;
    private readonly LocalKubelets _local;
    private readonly HttpClient _http;
    private readonly UpgradeForwarder _upgrades;

    public KubeletConnector(X509Certificate2 clientCertificate, LocalKubelets local, ILogger logger)
    {
        _certificate = clientCertificate;
        _local = local;
        _upgrades = new UpgradeForwarder(logger);
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = ConnectTimeout,
            UseProxy = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [clientCertificate],
                RemoteCertificateValidationCallback = static (_, _, _, _) => true,
            },
        })
        { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<HttpResponseMessage> GetAsync(V1Node node, string pathAndQuery, CancellationToken cancellationToken) =>
        await _http.GetAsync(Target(node).Uri(pathAndQuery), HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    /// <summary>Forwards the request to the kubelet at <paramref name="pathAndQuery"/> and its answer back, upgrades included.</summary>
    public async Task ProxyAsync(HttpContext context, V1Node node, string pathAndQuery, CancellationToken cancellationToken)
    {
        if (_local.Find(node.Metadata.Name) is { } local)
        {
            await ServeLocallyAsync(context, local, pathAndQuery, cancellationToken);
            return;
        }

        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is not { IsUpgradableRequest: true })
        {
            await ProxyPlainAsync(context, node, pathAndQuery, cancellationToken);
            return;
        }

        await _upgrades.ForwardAsync(context, upgrade, Target(node), pathAndQuery, cancellationToken, _certificate);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The request with the kubelet's path and query, served by the kubelet of this process; the API server's own path is back afterwards.</summary>
    private static async Task ServeLocallyAsync(HttpContext context, LocalKubeletHandler local, string pathAndQuery, CancellationToken cancellationToken)
    {
        var (path, query) = (context.Request.Path, context.Request.QueryString);
        var split = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        context.Request.Path = split < 0 ? pathAndQuery : pathAndQuery[..split];
        context.Request.QueryString = split < 0 ? QueryString.Empty : new QueryString(pathAndQuery[split..]);
        try
        {
            await local(context, cancellationToken);
        }
        finally
        {
            context.Request.Path = path;
            context.Request.QueryString = query;
        }
    }

    private async Task ProxyPlainAsync(HttpContext context, V1Node node, string pathAndQuery, CancellationToken cancellationToken)
    {
        var target = Target(node);
        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target.Uri(pathAndQuery));
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException error)
        {
            throw ProxyErrors.DialFailed(target, error);
        }

        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            if (response.Content.Headers.ContentType is { } type)
            {
                context.Response.ContentType = type.ToString();
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[16 * 1024];
            int read;

            // Flushed per read: `kubectl logs -f` shows each line as it comes.
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
            }
        }
    }

    /// <summary>The node's kubelet: HTTPS to its InternalIP (else its first address) and kubelet port.</summary>
    private static ProxyTarget Target(V1Node node)
    {
        var addresses = node.Status?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.Type == "InternalIP") ?? addresses.FirstOrDefault()
            ?? throw ApiErrors.ServiceUnavailable($"node \"{node.Metadata.Name}\" has no address");
        var port = node.Status?.DaemonEndpoints?.KubeletEndpoint?.Port ?? 0;
        return new ProxyTarget("https", address.Address, port == 0 ? 10250 : port);
    }
}
