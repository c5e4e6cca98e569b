using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s.Models;
using KubeSharp.Api.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace KubeSharp.ApiServer.Kubelet;

/// <summary>
/// The API server's way to a node's kubelet: HTTPS to its InternalIP and kubelet port with the API
/// server's kubelet client certificate. As upstream's API server without
/// --kubelet-certificate-authority, it does not verify the kubelet's serving certificate.
/// <see cref="ProxyAsync"/> forwards a request (logs, exec, attach, port-forward) and, after a
/// 101 Switching Protocols, splices the two connections byte for byte.
/// </summary>
internal sealed partial class KubeletConnector : IKubeletConnector, IDisposable
{
    private const int MaxHeadBytes = 64 * 1024;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    // Request headers a stream upgrade needs the kubelet to see; the rest are the API server's business.
    private static readonly string[] ForwardedHeaders =
        ["Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions", "X-Stream-Protocol-Version", "Content-Type", "Origin"];

    private readonly X509Certificate2 _certificate;
    private readonly HttpClient _http;
    private readonly ILogger _logger;

    public KubeletConnector(X509Certificate2 clientCertificate, ILogger logger)
    {
        _certificate = clientCertificate;
        _logger = logger;
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
        await _http.GetAsync(BaseUri(node) + pathAndQuery.TrimStart('/'), HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    /// <summary>Forwards the request to the kubelet at <paramref name="pathAndQuery"/> and its answer back, upgrades included.</summary>
    public async Task ProxyAsync(HttpContext context, V1Node node, string pathAndQuery, CancellationToken cancellationToken)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is not { IsUpgradableRequest: true })
        {
            await ProxyPlainAsync(context, node, pathAndQuery, cancellationToken);
            return;
        }

        var (host, port) = Address(node);
        using var tcp = new TcpClient { NoDelay = true };
        using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            connecting.CancelAfter(ConnectTimeout);
            try
            {
                await tcp.ConnectAsync(host, port, connecting.Token);
            }
            catch (Exception error) when (error is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw ApiErrors.ServiceUnavailable($"error dialing backend: dial tcp {host}:{port}: {error.Message}");
            }
        }

        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = host,
                ClientCertificates = [_certificate],
                RemoteCertificateValidationCallback = static (_, _, _, _) => true,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
            },
            cancellationToken);
        await tls.WriteAsync(RequestHead(context, host, port, pathAndQuery), cancellationToken);
        await tls.FlushAsync(cancellationToken);

        var (head, leftover) = await ReadHeadAsync(tls, cancellationToken);
        var (status, headers) = ParseHead(head);
        if (status != 101)
        {
            // The kubelet refused the upgrade (404, 400...): hand its answer on as it is.
            context.Response.StatusCode = status;
            CopyResponseHeaders(headers, context.Response);
            var length = headers.FirstOrDefault(h => h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
            var remaining = long.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out var total) ? total - leftover.Length : long.MaxValue;
            await context.Response.Body.WriteAsync(leftover, cancellationToken);
            var buffer = new byte[8192];
            while (remaining > 0)
            {
                var read = await tls.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                remaining -= read;
            }

            return;
        }

        foreach (var (name, value) in headers)
        {
            context.Response.Headers.Append(name, value);
        }

        var client = await upgrade.UpgradeAsync();
        LogUpgraded(_logger, node.Metadata.Name, pathAndQuery.Split('?')[0]);
        if (leftover.Length > 0)
        {
            await client.WriteAsync(leftover, cancellationToken);
        }

        // Either side ending ends both: a client that goes away must not leave the kubelet stream open.
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var up = PumpAsync(client, tls, session);
        var down = PumpAsync(tls, client, session);
        await Task.WhenAny(up, down);
        await session.CancelAsync();
        await Task.WhenAll(up, down);
    }

    public void Dispose() => _http.Dispose();

    private async Task ProxyPlainAsync(HttpContext context, V1Node node, string pathAndQuery, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), BaseUri(node) + pathAndQuery.TrimStart('/'));
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException error)
        {
            var (host, port) = Address(node);
            throw ApiErrors.ServiceUnavailable($"error dialing backend: dial tcp {host}:{port}: {error.Message}");
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

    private static async Task PumpAsync(Stream from, Stream to, CancellationTokenSource session)
    {
        var buffer = new byte[128 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, session.Token)) > 0)
            {
                // Both sides' streams send what they are given at once (Kestrel's flushes each write).
                await to.WriteAsync(buffer.AsMemory(0, read), session.Token);
            }
        }
        catch (Exception error) when (error is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // one side went away
        }
    }

    private static byte[] RequestHead(HttpContext context, string host, int port, string pathAndQuery)
    {
        var head = new StringBuilder()
            .Append(context.Request.Method).Append(' ').Append(pathAndQuery).Append(" HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: {host}:{port}\r\n");
        foreach (var name in ForwardedHeaders)
        {
            foreach (var value in context.Request.Headers[name])
            {
                head.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        }

        return Encoding.ASCII.GetBytes(head.Append("\r\n").ToString());
    }

    private static async Task<(string Head, byte[] Leftover)> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var received = new MemoryStream();
        while (received.Length < MaxHeadBytes)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
            var bytes = received.GetBuffer().AsSpan(0, (int)received.Length);
            var end = bytes.IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return (Encoding.ASCII.GetString(bytes[..end]), bytes[(end + 4)..].ToArray());
            }
        }

        throw ApiErrors.ServiceUnavailable("the kubelet closed the connection before answering");
    }

    private static (int Status, List<(string Name, string Value)> Headers) ParseHead(string head)
    {
        var lines = head.Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        var status = statusParts.Length > 1 && int.TryParse(statusParts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : 502;
        var headers = new List<(string, string)>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
        }

        return (status, headers);
    }

    private static void CopyResponseHeaders(List<(string Name, string Value)> headers, HttpResponse response)
    {
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                response.ContentType = value;
            }
        }
    }

    private static string BaseUri(V1Node node)
    {
        var (host, port) = Address(node);
        return $"https://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port.ToString(CultureInfo.InvariantCulture)}/";
    }

    /// <summary>The node's InternalIP (else its first address) and its kubelet port.</summary>
    private static (string Host, int Port) Address(V1Node node)
    {
        var addresses = node.Status?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.Type == "InternalIP") ?? addresses.FirstOrDefault()
            ?? throw ApiErrors.ServiceUnavailable($"node \"{node.Metadata.Name}\" has no address");
        var port = node.Status?.DaemonEndpoints?.KubeletEndpoint?.Port ?? 10250;
        return (address.Address, port == 0 ? 10250 : port);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "stream to kubelet on {Node} upgraded: {Path}")]
    private static partial void LogUpgraded(ILogger logger, string node, string path);
}
