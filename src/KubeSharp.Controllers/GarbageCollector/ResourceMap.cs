namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>
/// What one discovery found (upstream's REST mapper plus ServerPreferredResources): every
/// group/version/kind the server serves, to turn an owner reference into a path, and each group's
/// resources at its preferred version, which are the ones watched.
/// </summary>
internal sealed class ResourceMap
{
    private readonly Dictionary<(string Group, string Version, string Kind), DiscoveredResource> _byKind = [];

    public ResourceMap(IEnumerable<DiscoveredResource> all, IReadOnlyList<DiscoveredResource> preferred, IReadOnlySet<string> failedGroupVersions)
    {
        foreach (var resource in all)
        {
            // The first resource of a kind wins, as discovery lists the main resource before any alias.
            _byKind.TryAdd((resource.Group, resource.Version, resource.Kind), resource);
        }

        Preferred = preferred;
        FailedGroupVersions = failedGroupVersions;
    }

    public static ResourceMap Empty { get; } = new([], [], new HashSet<string>(StringComparer.Ordinal));

    public IReadOnlyList<DiscoveredResource> Preferred { get; }

    /// <summary>Group versions whose resource list could not be read this time.</summary>
    public IReadOnlySet<string> FailedGroupVersions { get; }

    /// <summary>upstream's GetDeletableResources minus the ignored ones: what can be listed, watched and deleted.</summary>
    public IEnumerable<DiscoveredResource> Deletable(IReadOnlySet<string> ignoredGroupResources) =>
        Preferred.Where(resource => resource.Supports("delete", "list", "watch") && !ignoredGroupResources.Contains(resource.GroupResource));

    /// <summary>The resource of an owner reference's apiVersion and kind, or null when the server does not serve that version of that kind.</summary>
    public DiscoveredResource? Find(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? (string.Empty, apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        return _byKind.GetValueOrDefault((group, version, kind));
    }
}
