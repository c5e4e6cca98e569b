using KubeSharp.Api.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace KubeSharp.ApiServer.Proxy;

/// <summary>
/// A proxy subresource request taken apart: /api/v1/namespaces/{ns}/pods|services/{id}/proxy[/path]
/// or /api/v1/nodes/{id}/proxy[/path], where {id} is "name", "name:port" or "scheme:name:port"
/// (upstream's SplitSchemeNamePort; scheme http or https, port a number or a port name, either may be
/// empty). <see cref="Prefix"/> and <see cref="SubPath"/> are kept as the client escaped them, so the
/// backend sees the path it was meant to.
/// </summary>
internal sealed record ProxyRequest(string Resource, string? Namespace, string Id, string Scheme, string Name, string Port, string Prefix, string SubPath)
{
    /// <summary>The request's proxy path, or null when it is not a proxy subresource request.</summary>
    public static ProxyRequest? From(HttpContext context)
    {
        // The raw target keeps escapes (%2F, %3F...) that the decoded Path has lost.
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var path = !string.IsNullOrEmpty(raw) && raw[0] == '/' ? raw.Split('?', 2)[0] : context.Request.Path.ToUriComponent();
        return Parse(path);
    }

    /// <exception cref="ApiException">400 for an id that is not [scheme:]name[:port].</exception>
    public static ProxyRequest? Parse(string rawPath)
    {
        var segments = rawPath.Split('/');
        string resource;
        string? @namespace = null;
        int idIndex;
        switch (segments)
        {
            case ["", "api", "v1", "namespaces", var ns, "pods" or "services", _, "proxy", ..] when ns.Length > 0:
                resource = segments[5];
                @namespace = Uri.UnescapeDataString(ns);
                idIndex = 6;
                break;
            case ["", "api", "v1", "nodes", _, "proxy", ..]:
                resource = "nodes";
                idIndex = 4;
                break;
            default:
                return null;
        }

        var id = Uri.UnescapeDataString(segments[idIndex]);
        var prefix = string.Join('/', segments[..(idIndex + 2)]);
        var (scheme, name, port) = SplitSchemeNamePort(id)
            ?? throw ApiErrors.BadRequest($"invalid {resource[..^1]} request \"{id}\"");
        return new ProxyRequest(resource, @namespace, id, scheme, name, port, prefix, rawPath[prefix.Length..]);
    }

    /// <summary>The request's path and query as the backend gets them: the sub-path ("/" when empty) and the query unchanged.</summary>
    public string BackendPathAndQuery(HttpContext context) =>
        (SubPath.Length == 0 ? "/" : SubPath) + context.Request.QueryString.Value;

    private static (string Scheme, string Name, string Port)? SplitSchemeNamePort(string id)
    {
        var (scheme, name, port) = id.Split(':') switch
        {
            [var n] => (string.Empty, n, string.Empty),
            [var n, var p] => (string.Empty, n, p),
            [var s, var n, var p] => (s, n, p),
            _ => (string.Empty, string.Empty, string.Empty),
        };
        return name.Length > 0 && scheme is "" or "http" or "https" ? (scheme, name, port) : null;
    }
}
