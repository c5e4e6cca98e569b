using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using k8s.Models;

namespace KubeSharp.Kubelet.Prober;

/// <summary>
/// httpGet probes as upstream's pkg/probe/http does them: a GET with kube-probe's User-Agent and
/// <c>Accept: */*</c> unless the probe sets them, the probe's headers (a <c>Host</c> header sets the
/// host), no proxy, no compression, no keep-alive, and certificates not verified. 200-399 is a success.
/// Redirects are followed to the same host only (at most 10); a redirect to another host ends the probe
/// with a warning, which counts as a success. At most 10 KiB of the body is read.
/// </summary>
internal sealed class HttpProber : IDisposable
{
    public const string UserAgent = "kube-probe/1.32";

    private const int MaxBodyBytes = 10 * 1024;
    private const int MaxRedirects = 10;

    private readonly TimeProvider _time;
    private readonly HttpMessageInvoker _client;

    public HttpProber(TimeProvider time)
    {
        _time = time;
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.Zero,
            SslOptions = new SslClientAuthenticationOptions
            {
                // Pods serve certificates that never name their IP: upstream's prober skips verification too.
                RemoteCertificateValidationCallback = static (_, _, _, _) => true,
            },
        });
    }

    /// <summary>Probes <paramref name="action"/>; its host defaults to <paramref name="podIp"/>, a named port comes from the container's ports.</summary>
    public async Task<ProbeResult> ProbeAsync(V1HTTPGetAction action, V1Container container, string? podIp, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // The deadline starts before anything awaits, so it counts from the call.
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var token = linked.Token;

        var scheme = string.IsNullOrEmpty(action.Scheme) ? "http" : action.Scheme.ToLowerInvariant();
        var host = string.IsNullOrEmpty(action.Host) ? podIp : action.Host;
        if (string.IsNullOrEmpty(host))
        {
            return ProbeResult.Unknown("the pod has no IP address yet");
        }

        if (!ContainerPorts.TryResolve(action.Port, container, out var port, out var portError))
        {
            return ProbeResult.Unknown(portError);
        }

        var url = FormatUrl(scheme, host, port, action.Path);
        if (scheme is not ("http" or "https"))
        {
            return ProbeResult.Failure($"Get \"{url}\": unsupported protocol scheme \"{scheme}\"");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var origin))
        {
            return ProbeResult.Unknown($"parse \"{url}\": invalid URL");
        }

        var hostHeader = (action.HttpHeaders ?? []).FirstOrDefault(h => string.Equals(h.Name, "Host", StringComparison.OrdinalIgnoreCase))?.Value;
        var current = origin;
        for (var redirects = 0; ; redirects++)
        {
            HttpResponseMessage response;
            using (var request = NewRequest(current, action.HttpHeaders, string.IsNullOrEmpty(hostHeader) ? null : hostHeader))
            {
                try
                {
                    response = await _client.SendAsync(request, token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return ProbeResult.Failure($"Get \"{url}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
                }
                catch (HttpRequestException error)
                {
                    return ProbeResult.Failure($"Get \"{url}\": {Describe(error, current)}");
                }
            }

            using (response)
            {
                var location = response.Headers.Location;
                if (!IsRedirect(response.StatusCode) || location is null)
                {
                    return await ReadResultAsync(response, token, cancellationToken);
                }

                var next = new Uri(current, location);
                if (!string.Equals(next.DnsSafeHost, origin.DnsSafeHost, StringComparison.OrdinalIgnoreCase))
                {
                    // Upstream stops at a redirect to another host and takes the redirect itself as the answer.
                    return await ReadResultAsync(response, token, cancellationToken);
                }

                if (redirects == MaxRedirects)
                {
                    return ProbeResult.Failure($"Get \"{location.OriginalString}\": stopped after 10 redirects");
                }

                // Like Go's client, a Host header survives only a relative redirect.
                if (location.IsAbsoluteUri)
                {
                    hostHeader = null;
                }

                current = next;
                url = next.AbsoluteUri;
            }
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>The URL as upstream builds it (and prints it in errors): scheme://host:port followed by the path as written.</summary>
    private static string FormatUrl(string scheme, string host, int port, string? path)
    {
        var rest = string.IsNullOrEmpty(path) || path.StartsWith('/') ? path : "/" + path;
        return $"{scheme}://{DialErrors.Address(host, port)}{rest}";
    }

    private static HttpRequestMessage NewRequest(Uri uri, IList<V1HTTPHeader>? headers, string? host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri) { Version = HttpVersion.Version11 };
        request.Headers.ConnectionClose = true;
        var userAgentSet = false;
        var acceptSet = false;
        foreach (var header in headers ?? [])
        {
            if (string.IsNullOrEmpty(header.Name) || string.Equals(header.Name, "Host", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            userAgentSet |= string.Equals(header.Name, "User-Agent", StringComparison.OrdinalIgnoreCase);
            if (string.Equals(header.Name, "Accept", StringComparison.OrdinalIgnoreCase))
            {
                // An empty Accept removes the default rather than sending an empty header.
                acceptSet = true;
                if (string.IsNullOrEmpty(header.Value))
                {
                    continue;
                }
            }

            // Content headers (Content-Type...) cannot go on a GET without a body; they are dropped.
            request.Headers.TryAddWithoutValidation(header.Name, header.Value ?? string.Empty);
        }

        if (!userAgentSet)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        }

        if (!acceptSet)
        {
            request.Headers.TryAddWithoutValidation("Accept", "*/*");
        }

        if (host is not null)
        {
            request.Headers.TryAddWithoutValidation("Host", host);
        }

        return request;
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static async Task<ProbeResult> ReadResultAsync(HttpResponseMessage response, CancellationToken token, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = await ReadBodyAsync(response.Content, token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Unknown("context deadline exceeded (Client.Timeout or context cancellation while reading body)");
        }
        catch (Exception error) when (error is IOException or HttpRequestException)
        {
            return ProbeResult.Unknown(error.Message);
        }

        var code = (int)response.StatusCode;
        if (code is >= 200 and < 400)
        {
            return code >= 300 ? ProbeResult.Warning($"Probe terminated redirects, Response body: {body}") : ProbeResult.Success(body);
        }

        // Upstream keeps the body out of the failure message (kubernetes#99425).
        return ProbeResult.Failure(string.Create(CultureInfo.InvariantCulture, $"HTTP probe failed with statuscode: {code}"));
    }

    private static async Task<string> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxBodyBytes];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, filled);
    }

    private static string Describe(HttpRequestException error, Uri target)
    {
        if (error.InnerException is SocketException socket)
        {
            return DialErrors.Failed(target.DnsSafeHost, target.Port, socket);
        }

        return error.HttpRequestError switch
        {
            HttpRequestError.ResponseEnded => "EOF",
            _ => error.InnerException?.Message ?? error.Message,
        };
    }
}
