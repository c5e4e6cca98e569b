namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>A resource the API server serves, from its discovery documents, and the paths it is reached at.</summary>
internal sealed record DiscoveredResource(string Group, string Version, string Resource, string Kind, bool Namespaced, IReadOnlySet<string> Verbs)
{
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>"resource.group" (just "resource" for the core group), as upstream prints a GroupResource.</summary>
    public string GroupResource => Group.Length == 0 ? Resource : $"{Resource}.{Group}";

    public string Key => $"{Group}/{Version}/{Resource}";

    /// <summary>The collection across all namespaces (list and watch).</summary>
    public string CollectionPath => $"{Root}/{Resource}";

    public bool Supports(params string[] verbs) => verbs.All(Verbs.Contains);

    /// <summary>One object; the namespace is ignored for a cluster-scoped resource.</summary>
    public string ObjectPath(string @namespace, string name) => Namespaced
        ? $"{Root}/namespaces/{Uri.EscapeDataString(@namespace)}/{Resource}/{Uri.EscapeDataString(name)}"
        : $"{Root}/{Resource}/{Uri.EscapeDataString(name)}";

    public override string ToString() => Group.Length == 0 ? $"{Version}/{Resource}" : $"{Group}/{Version}/{Resource}";

    private string Root => Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}";
}
