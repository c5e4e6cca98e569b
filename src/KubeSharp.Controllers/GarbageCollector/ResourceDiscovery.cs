using System.Text.Json;

namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>
/// Reads the legacy discovery documents (/api, /apis and each group version's resource list) into
/// a <see cref="ResourceMap"/>. A group version that cannot be read is noted rather than fatal, so
/// what is already watched there keeps being watched (as upstream on partial discovery failure).
/// </summary>
internal static class ResourceDiscovery
{
    public static async Task<ResourceMap> DiscoverAsync(MetadataClient client, CancellationToken cancellationToken)
    {
        var groups = new List<(string Group, List<string> Versions)>();
        using (var core = await client.GetJsonAsync("api", cancellationToken) ?? throw new HttpRequestException("/api not found"))
        {
            groups.Add((string.Empty, core.RootElement.GetProperty("versions").EnumerateArray().Select(v => v.GetString()!).ToList()));
        }

        using (var apis = await client.GetJsonAsync("apis", cancellationToken) ?? throw new HttpRequestException("/apis not found"))
        {
            foreach (var group in apis.RootElement.GetProperty("groups").EnumerateArray())
            {
                groups.Add((group.GetProperty("name").GetString()!, PreferredFirst(group)));
            }
        }

        var all = new List<DiscoveredResource>();
        var preferred = new List<DiscoveredResource>();
        var failed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (group, versions) in groups)
        {
            // Each resource of a group at the first version, in preference order, that serves it (ServerPreferredResources).
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var version in versions)
            {
                var groupVersion = group.Length == 0 ? version : $"{group}/{version}";
                List<DiscoveredResource> resources;
                try
                {
                    using var list = await client.GetJsonAsync(group.Length == 0 ? $"api/{version}" : $"apis/{groupVersion}", cancellationToken);
                    if (list is null)
                    {
                        failed.Add(groupVersion);
                        continue;
                    }

                    resources = ParseResourceList(list.RootElement, group, version);
                }
                catch (Exception error) when (error is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException
                    || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    failed.Add(groupVersion);
                    continue;
                }

                all.AddRange(resources);
                preferred.AddRange(resources.Where(resource => taken.Add(resource.Resource)));
            }
        }

        return new ResourceMap(all, preferred, failed);
    }

    /// <summary>The top-level resources of an APIResourceList; subresources ("pods/status") are skipped.</summary>
    public static List<DiscoveredResource> ParseResourceList(JsonElement list, string group, string version)
    {
        var resources = new List<DiscoveredResource>();
        foreach (var entry in list.GetProperty("resources").EnumerateArray())
        {
            var name = entry.GetProperty("name").GetString() ?? string.Empty;
            if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal))
            {
                continue;
            }

            var verbs = entry.TryGetProperty("verbs", out var listed) && listed.ValueKind == JsonValueKind.Array
                ? listed.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToHashSet(StringComparer.Ordinal)
                : new HashSet<string>(StringComparer.Ordinal);
            resources.Add(new DiscoveredResource(
                group,
                version,
                name,
                entry.GetProperty("kind").GetString() ?? string.Empty,
                entry.TryGetProperty("namespaced", out var namespaced) && namespaced.ValueKind == JsonValueKind.True,
                verbs));
        }

        return resources;
    }

    /// <summary>An APIGroup's versions with the preferred one first.</summary>
    private static List<string> PreferredFirst(JsonElement group)
    {
        var versions = group.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetString()!).ToList();
        if (group.TryGetProperty("preferredVersion", out var preferred) && preferred.TryGetProperty("version", out var version) && version.GetString() is { } name)
        {
            versions.Remove(name);
            versions.Insert(0, name);
        }

        return versions;
    }
}
