using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using KubeSharp.Api.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace KubeSharp.ApiServer.Proxy;

/// <summary>
/// An upgrade request (WebSocket, SPDY) forwarded as upstream's upgrade-aware handler does: the request
/// head written by hand on a new connection to the backend, the backend's response head read back; on
/// 101 Switching Protocols the client's connection is upgraded with the backend's headers and the two
/// connections are spliced byte for byte until either side ends. A backend that refuses with a 4xx or
/// 5xx has its answer handed back; any other answer is an error.
/// </summary>
internal sealed partial class UpgradeForwarder(ILogger logger)
{
    private const int MaxHeadBytes = 64 * 1024;
    private const int MaxRefusalBytes = 1024 * 1024;

    /// <summary>How long a refusal's body may take (upstream gives it 10 s too).</summary>
    private static readonly TimeSpan RefusalTimeout = TimeSpan.FromSeconds(10);

    /// <param name="clientCertificate">The API server's own certificate for backends that want one (kubelets).</param>
    public async Task ForwardAsync(
        HttpContext context, IHttpUpgradeFeature upgrade, ProxyTarget target, string pathAndQuery, CancellationToken cancellationToken, X509Certificate2? clientCertificate = null)
    {
        using var tcp = new TcpClient { NoDelay = true };
        Stream backend;
        (int Status, List<(string Name, string Value)> Headers) response;
        byte[] leftover;
        try
        {
            using (var dialing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                dialing.CancelAfter(ProxyForwarder.DialTimeout);
                await tcp.ConnectAsync(target.Host, target.Port, dialing.Token);
            }

            backend = await SecureAsync(tcp.GetStream(), target, clientCertificate, cancellationToken);
            await backend.WriteAsync(RequestHead(context, pathAndQuery, target), cancellationToken);
            await backend.FlushAsync(cancellationToken);
            (var head, leftover) = await ReadHeadAsync(backend, cancellationToken);
            response = ParseHead(head);
        }
        catch (Exception error) when (ProxyErrors.IsConnectionFailure(error) || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw ProxyErrors.DialFailed(target, error);
        }

        await using (backend)
        {
            if (response.Status != StatusCodes.Status101SwitchingProtocols)
            {
                await RefuseAsync(context, response.Status, response.Headers, backend, leftover, cancellationToken);
                return;
            }

            foreach (var (name, value) in response.Headers)
            {
                // Kestrel writes Connection: Upgrade itself.
                if (!name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.Headers.Append(name, value);
                }
            }

            var client = await upgrade.UpgradeAsync();
            LogUpgraded(logger, target.Authority, pathAndQuery.Split('?', 2)[0]);
            await using (client)
            {
                if (leftover.Length > 0)
                {
                    await client.WriteAsync(leftover, cancellationToken);
                    await client.FlushAsync(cancellationToken);
                }

                // Either side ending ends both, as upstream's handler does.
                using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var up = PumpAsync(client, backend, session.Token);
                var down = PumpAsync(backend, client, session.Token);
                await Task.WhenAny(up, down);
                await session.CancelAsync();
                await Task.WhenAll(up, down);
            }
        }
    }

    private static async Task<Stream> SecureAsync(NetworkStream stream, ProxyTarget target, X509Certificate2? clientCertificate, CancellationToken cancellationToken)
    {
        if (target.Scheme != "https")
        {
            return stream;
        }

        var tls = new SslStream(stream);
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = target.Host,
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
                RemoteCertificateValidationCallback = static (_, _, _, _) => true,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
            },
            cancellationToken);
        return tls;
    }

    /// <summary>The client's request head for the backend: every header but the credentials, Connection and Upgrade included.</summary>
    private static byte[] RequestHead(HttpContext context, string pathAndQuery, ProxyTarget target)
    {
        var head = new StringBuilder()
            .Append(context.Request.Method).Append(' ').Append(pathAndQuery).Append(" HTTP/1.1\r\n");
        var host = context.Request.Headers.Host.ToString();
        head.Append("Host: ").Append(host.Length > 0 ? host : target.Authority).Append("\r\n");
        foreach (var (name, values) in context.Request.Headers)
        {
            if (ProxyHeaders.IsWithheld(name))
            {
                continue;
            }

            foreach (var value in values)
            {
                head.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        }

        if (ProxyHeaders.ForwardedFor(context) is { } forwardedFor)
        {
            head.Append("X-Forwarded-For: ").Append(forwardedFor).Append("\r\n");
        }

        return Encoding.Latin1.GetBytes(head.Append("\r\n").ToString());
    }

    private static async Task<(string Head, byte[] Leftover)> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
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
                return (Encoding.Latin1.GetString(bytes[..end]), bytes[(end + 4)..].ToArray());
            }
        }

        throw new IOException("the backend closed the connection before answering");
    }

    private static (int Status, List<(string Name, string Value)> Headers) ParseHead(string head)
    {
        var lines = head.Split("\r\n");
        var status = lines[0].Split(' ', 3) is [_, var code, ..] && int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new IOException($"malformed HTTP response \"{lines[0]}\"");
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

    /// <summary>
    /// The backend did not switch protocols. Upstream hands a 4xx or 5xx answer on as it is (a
    /// WebSocket server's 400 says why) and makes anything else an error.
    /// </summary>
    private static async Task RefuseAsync(
        HttpContext context, int status, List<(string Name, string Value)> headers, Stream backend, byte[] leftover, CancellationToken cancellationToken)
    {
        if (status < 400)
        {
            throw ApiErrors.ServiceUnavailable($"invalid upgrade response: status code {status}");
        }

        context.Response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            if (ProxyHeaders.IsForwardedResponseHeader(name) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers.Append(name, value);
            }
        }

        var body = await ReadBodyAsync(backend, leftover, headers, cancellationToken);
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, cancellationToken);
    }

    /// <summary>A refusal's body: by Content-Length, chunked, or up to the end of the connection; at most <see cref="MaxRefusalBytes"/>.</summary>
    private static async Task<byte[]> ReadBodyAsync(Stream backend, byte[] leftover, List<(string Name, string Value)> headers, CancellationToken cancellationToken)
    {
        var lengthText = headers.FirstOrDefault(h => h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
        long? length = long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var declared) ? declared : null;
        var chunked = headers.Any(h => h.Name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && h.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        var raw = new MemoryStream();
        raw.Write(leftover);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RefusalTimeout);
        var buffer = new byte[8192];
        try
        {
            while (raw.Length < MaxRefusalBytes)
            {
                if (length is { } expected && raw.Length >= expected)
                {
                    return raw.ToArray()[..(int)expected];
                }

                if (chunked && ChunkedBody.TryDecode(raw.GetBuffer().AsSpan(0, (int)raw.Length)) is { } decoded)
                {
                    return decoded;
                }

                var read = await backend.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                raw.Write(buffer, 0, read);
            }
        }
        catch (Exception error) when (error is IOException || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // What arrived is what the client gets.
        }

        var body = raw.ToArray();
        return chunked ? ChunkedBody.TryDecode(body) ?? [] : body[..(int)Math.Min(body.Length, length ?? long.MaxValue)];
    }

    private static async Task PumpAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                await to.FlushAsync(cancellationToken);
            }
        }
        catch (Exception error) when (error is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // One side went away; the caller ends the other.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "apiserver: proxy connection to {Backend} upgraded: {Path}")]
    private static partial void LogUpgraded(ILogger logger, string backend, string path);
}
