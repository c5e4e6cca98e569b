namespace KubeSharp.ApiServer.Http;

/// <summary>
/// A resource request's path taken apart as upstream's RequestInfoFactory does:
/// /api/v1/namespaces/{ns}/{resource}/{name}/{subresource} and /apis/{group}/{version}/...,
/// with the legacy /watch/ prefix.
/// </summary>
internal sealed record RequestInfo(string Group, string Version, string? Namespace, string Resource, string? Name, string? Subresource, bool LegacyWatch)
{
    private static readonly HashSet<string> NamespaceSubresources = ["status", "finalize"];

    /// <summary>Null when the path is not a resource path (discovery, health...).</summary>
    public static RequestInfo? Parse(string path)
    {
        var parts = path.Trim('/').Split('/');
        string group;
        string version;
        int index;
        if (parts.Length >= 3 && parts[0] == "api")
        {
            (group, version, index) = (string.Empty, parts[1], 2);
        }
        else if (parts.Length >= 4 && parts[0] == "apis")
        {
            (group, version, index) = (parts[1], parts[2], 3);
        }
        else
        {
            return null;
        }

        var rest = parts[index..];
        var legacyWatch = false;
        if (rest[0] == "watch")
        {
            legacyWatch = true;
            rest = rest[1..];
            if (rest.Length == 0)
            {
                return null;
            }
        }

        string? @namespace = null;
        if (rest[0] == "namespaces" && rest.Length > 1)
        {
            @namespace = rest[1];
            if (rest.Length > 2 && !NamespaceSubresources.Contains(rest[2]))
            {
                rest = rest[2..];
            }
        }

        if (rest.Any(string.IsNullOrEmpty) || rest.Length > 3)
        {
            return null;
        }

        var resource = rest[0];
        var name = rest.Length > 1 ? Uri.UnescapeDataString(rest[1]) : null;
        var subresource = rest.Length > 2 ? rest[2] : null;
        if (resource == "namespaces")
        {
            // The namespace object itself is cluster-scoped.
            @namespace = null;
        }

        return new RequestInfo(group, version, @namespace, resource, name, subresource, legacyWatch);
    }
}
