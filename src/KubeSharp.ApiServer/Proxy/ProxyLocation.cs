namespace KubeSharp.ApiServer.Proxy;

/// <summary>
/// Upstream's proxy transport rewrite of a backend's Location header so that redirects stay under
/// the proxy path: an absolute path, or a URL naming the backend itself or the host the client asked,
/// gets the proxy prefix (dot segments cleaned, a trailing slash kept); relative references, other
/// hosts and paths already under the prefix are left as they are.
/// </summary>
internal static class ProxyLocation
{
    /// <param name="location">The backend's Location value.</param>
    /// <param name="prefix">The proxy path, e.g. /api/v1/namespaces/ns/services/web/proxy.</param>
    /// <param name="backendAuthority">host:port the request went to.</param>
    /// <param name="requestHost">The Host the client sent to the API server.</param>
    public static string Rewrite(string location, string prefix, string backendAuthority, string requestHost)
    {
        var (scheme, host, path, rest) = Split(location);
        var otherHost = host.Length > 0 && host != backendAuthority && host != requestHost;
        if (otherHost || !path.StartsWith('/'))
        {
            return location;
        }

        // The API server's own host stays absolute; the backend's address becomes a path on the API server.
        var origin = host.Length > 0 && host == requestHost ? (scheme is null ? string.Empty : scheme + ":") + "//" + host : string.Empty;
        if (path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return origin + path + rest;
        }

        var joined = Clean(prefix + "/" + path);
        if (path.EndsWith('/') && !joined.EndsWith('/'))
        {
            joined += "/";
        }

        return origin + joined + rest;
    }

    /// <summary>scheme (null if none), authority ("" if none), path, and the query and fragment.</summary>
    private static (string? Scheme, string Host, string Path, string Tail) Split(string location)
    {
        string? scheme = null;
        var at = 0;
        var colon = location.IndexOf(':', StringComparison.Ordinal);
        var delimiter = location.IndexOfAny(['/', '?', '#']);
        if (colon > 0 && (delimiter < 0 || colon < delimiter) && IsScheme(location.AsSpan(0, colon)))
        {
            scheme = location[..colon];
            at = colon + 1;
        }

        var host = string.Empty;
        if (location.AsSpan(at).StartsWith("//", StringComparison.Ordinal))
        {
            var end = location.IndexOfAny(['/', '?', '#'], at + 2);
            end = end < 0 ? location.Length : end;
            host = location[(at + 2)..end];
            at = end;
        }

        var pathEnd = location.IndexOfAny(['?', '#'], at);
        pathEnd = pathEnd < 0 ? location.Length : pathEnd;
        return (scheme, host, location[at..pathEnd], location[pathEnd..]);
    }

    private static bool IsScheme(ReadOnlySpan<char> text)
    {
        if (!char.IsAsciiLetter(text[0]))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Go's path.Clean for an absolute path: no empty or "." segments, ".." resolved.</summary>
    private static string Clean(string path)
    {
        var kept = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (kept.Count > 0)
                {
                    kept.RemoveAt(kept.Count - 1);
                }

                continue;
            }

            kept.Add(segment);
        }

        return "/" + string.Join('/', kept);
    }
}
