using KubeSharp.Api.Resources;

namespace KubeSharp.ApiServer.Registry;

/// <summary>A served resource: its API description, its strategy and where it is stored.</summary>
internal sealed record RegisteredResource(ApiResource Api, ResourceStrategy Strategy)
{
    /// <summary>Store prefix: /registry/pods/ for the core group, /registry/apps/deployments/ otherwise.</summary>
    public string StoragePrefix { get; } = Api.Group.Length == 0 ? $"/registry/{Api.Plural}/" : $"/registry/{Api.Group}/{Api.Plural}/";

    public string Key(string? @namespace, string name) =>
        Api.Namespaced ? $"{StoragePrefix}{@namespace}/{name}" : $"{StoragePrefix}{name}";

    public string NamespacePrefix(string? @namespace) =>
        Api.Namespaced && !string.IsNullOrEmpty(@namespace) ? $"{StoragePrefix}{@namespace}/" : StoragePrefix;
}
