using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace KubeSharp.ApiServer.Proxy;

/// <summary>
/// Which headers cross the proxy, as Go's reverse proxy and upstream's proxy transport decide: not
/// the connection-specific (hop-by-hop) ones, not the credentials the API server authenticated the
/// client with, not the backend's CORS headers; X-Forwarded-For gains the client's address and
/// X-Forwarded-Uri names the path the client asked for. Host goes on as the client sent it.
/// </summary>
internal static class ProxyHeaders
{
    // RFC 9110 section 7.6.1, and the ones Go's httputil.ReverseProxy also drops.
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
    };

    // Host and X-Forwarded-For are written separately; Expect was answered by this server already.
    private static readonly HashSet<string> Withheld = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Authorization", "Expect", "X-Forwarded-For", "X-Forwarded-Uri",
    };

    private static readonly HashSet<string> Cors = new(StringComparer.OrdinalIgnoreCase)
    {
        "Access-Control-Allow-Credentials", "Access-Control-Allow-Headers", "Access-Control-Allow-Methods", "Access-Control-Allow-Origin",
    };

    /// <summary>True for a request header that is written separately or not at all, upgrades included.</summary>
    public static bool IsWithheld(string name) => Withheld.Contains(name);

    /// <summary>True for a backend response header the client gets.</summary>
    public static bool IsForwardedResponseHeader(string name) => !HopByHop.Contains(name) && !Cors.Contains(name);

    public static void CopyRequest(HttpContext context, ProxyRequest request, HttpRequestMessage message)
    {
        var headers = context.Request.Headers;
        var named = Tokens(headers.Connection);
        foreach (var (name, values) in headers)
        {
            if (HopByHop.Contains(name) || Withheld.Contains(name) || named.Contains(name) || name.StartsWith(':'))
            {
                continue;
            }

            var list = NonNull(values);
            if (!message.Headers.TryAddWithoutValidation(name, list))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, list);
            }
        }

        if (headers.Host.ToString() is { Length: > 0 } host)
        {
            message.Headers.Host = host;
        }

        if (ForwardedFor(context) is { } forwardedFor)
        {
            message.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        }

        message.Headers.TryAddWithoutValidation("X-Forwarded-Uri", request.Prefix + request.SubPath);
    }

    public static void CopyResponse(HttpResponseMessage from, HttpResponse to, Func<string, string> rewriteLocation)
    {
        var named = new HashSet<string>(from.Headers.Connection, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in from.Headers.Concat(from.Content.Headers))
        {
            if (!IsForwardedResponseHeader(name) || named.Contains(name))
            {
                continue;
            }

            var written = values.ToArray();
            if (name.Equals("Location", StringComparison.OrdinalIgnoreCase))
            {
                written = [.. written.Select(rewriteLocation)];
            }

            to.Headers[name] = written;
        }
    }

    /// <summary>The client's address appended to any X-Forwarded-For it sent, as Go's reverse proxy does.</summary>
    public static string? ForwardedFor(HttpContext context)
    {
        var prior = NonNull(context.Request.Headers["X-Forwarded-For"]);
        var client = context.Connection.RemoteIpAddress?.ToString();
        if (client is not null)
        {
            prior.Add(client);
        }

        return prior.Count == 0 ? null : string.Join(", ", prior);
    }

    private static HashSet<string> Tokens(StringValues connection)
    {
        var tokens = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in NonNull(connection))
        {
            foreach (var token in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                tokens.Add(token);
            }
        }

        return tokens;
    }

    private static List<string> NonNull(StringValues values)
    {
        var list = new List<string>(values.Count);
        foreach (var value in values)
        {
            if (value is not null)
            {
                list.Add(value);
            }
        }

        return list;
    }
}
