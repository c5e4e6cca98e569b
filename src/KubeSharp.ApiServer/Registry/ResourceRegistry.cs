using KubeSharp.Api.Resources;

namespace KubeSharp.ApiServer.Registry;

/// <summary>Every served resource, looked up by group, version and plural; group versions in discovery order.</summary>
internal sealed class ResourceRegistry
{
    private readonly Dictionary<(string Group, string Version, string Plural), RegisteredResource> _byPath = [];

    public ResourceRegistry(IEnumerable<RegisteredResource> resources)
    {
        foreach (var resource in resources)
        {
            var api = resource.Api;
            if (!_byPath.TryAdd((api.Group, api.Version, api.Plural), resource))
            {
                throw new InvalidOperationException($"resource {api.Plural} in {api.GroupVersion} is registered twice");
            }

            All.Add(resource);
        }

        GroupVersions = [.. All.Select(r => (r.Api.Group, r.Api.Version)).Distinct()];
    }

    public List<RegisteredResource> All { get; } = [];

    /// <summary>(group, version) pairs in registration order; the first version of a group is its preferred one.</summary>
    public IReadOnlyList<(string Group, string Version)> GroupVersions { get; }

    public RegisteredResource? Find(string group, string version, string plural) => _byPath.GetValueOrDefault((group, version, plural));

    public IEnumerable<RegisteredResource> InGroupVersion(string group, string version) =>
        All.Where(r => r.Api.Group == group && r.Api.Version == version);

    public RegisteredResource Get(string group, string plural) =>
        All.First(r => r.Api.Group == group && r.Api.Plural == plural);

    public static ApiResource Describe(
        string group, string version, string kind, string plural, bool namespaced, Type model,
        string[]? shortNames = null, string[]? categories = null, string[]? subresources = null) => new()
        {
            Group = group,
            Version = version,
            Kind = kind,
            Plural = plural,
            Namespaced = namespaced,
            ModelType = model,
            ShortNames = shortNames ?? [],
            Categories = categories ?? [],
            Subresources = subresources ?? [],
        };
}
