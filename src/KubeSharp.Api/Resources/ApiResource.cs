namespace KubeSharp.Api.Resources;

/// <summary>
/// What the API knows of one resource: where it is served (group, version, plural), its kind,
/// scope, short names and categories (for discovery and kubectl), and its subresources.
/// </summary>
public sealed record ApiResource
{
    public required string Group { get; init; }

    public required string Version { get; init; }

    public required string Kind { get; init; }

    public required string Plural { get; init; }

    public required bool Namespaced { get; init; }

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    /// <summary>"all" puts the resource into <c>kubectl get all</c>.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Subresources served (status, scale, binding...).</summary>
    public IReadOnlyList<string> Subresources { get; init; } = [];

    /// <summary>The KubernetesClient model, for OpenAPI schemas and typed validation.</summary>
    public Type? ModelType { get; init; }

    public string Singular => Kind.ToLowerInvariant();

    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string ListKind => Kind + "List";

    /// <summary>"pods" or "deployments.apps", as upstream's GroupResource prints.</summary>
    public string QualifiedPlural => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public static readonly IReadOnlyList<string> Verbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
}
