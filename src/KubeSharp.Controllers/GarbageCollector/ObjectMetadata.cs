using System.Text.Json;

namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>
/// The part of an object the garbage collector needs (upstream's PartialObjectMetadata, trimmed):
/// identity, owners, finalizers and whether it is being deleted. Everything else is dropped on
/// parsing so watching every resource stays cheap.
/// </summary>
internal sealed record ObjectMetadata
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public required string Name { get; init; }

    public string Namespace { get; init; } = string.Empty;

    public required string Uid { get; init; }

    public string ResourceVersion { get; init; } = string.Empty;

    public IReadOnlyList<OwnerReference> OwnerReferences { get; init; } = [];

    public IReadOnlyList<string> Finalizers { get; init; } = [];

    public string? DeletionTimestamp { get; init; }

    public bool BeingDeleted => DeletionTimestamp is not null;

    /// <summary>The informer's key: "namespace/name", or "name" when cluster-scoped.</summary>
    public string Key => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";

    public bool HasFinalizer(string finalizer) => Finalizers.Contains(finalizer, StringComparer.Ordinal);

    public static ObjectMetadata Parse(JsonElement item)
    {
        var metadata = item.TryGetProperty("metadata", out var found) && found.ValueKind == JsonValueKind.Object ? found : default;
        return new ObjectMetadata
        {
            ApiVersion = Text(item, "apiVersion"),
            Kind = Text(item, "kind"),
            Name = Text(metadata, "name") ?? string.Empty,
            Namespace = Text(metadata, "namespace") ?? string.Empty,
            Uid = Text(metadata, "uid") ?? string.Empty,
            ResourceVersion = Text(metadata, "resourceVersion") ?? string.Empty,
            OwnerReferences = Items(metadata, "ownerReferences").Where(e => e.ValueKind == JsonValueKind.Object).Select(OwnerReference.Parse).ToList(),
            Finalizers = Items(metadata, "finalizers").Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList(),
            DeletionTimestamp = Text(metadata, "deletionTimestamp"),
        };
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IEnumerable<JsonElement> Items(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : Enumerable.Empty<JsonElement>();
}
