using System.Text.Json;

namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>
/// One entry of metadata.ownerReferences with every field the API defines, so a value-equal
/// record means an unchanged reference (upstream compares them with reflect.DeepEqual).
/// </summary>
internal sealed record OwnerReference(string ApiVersion, string Kind, string Name, string Uid, bool? Controller = null, bool? BlockOwnerDeletion = null)
{
    /// <summary>The dependent holds up the owner's foreground deletion until it is gone.</summary>
    public bool Blocks => BlockOwnerDeletion == true;

    /// <summary>upstream's ownerReferenceMatchesCoordinates: uid, name, kind and apiVersion agree.</summary>
    public bool MatchesCoordinates(ObjectIdentity identity) =>
        Uid == identity.Uid && Name == identity.Name && Kind == identity.Kind && ApiVersion == identity.ApiVersion;

    public static OwnerReference Parse(JsonElement element) => new(
        Text(element, "apiVersion"),
        Text(element, "kind"),
        Text(element, "name"),
        Text(element, "uid"),
        Flag(element, "controller"),
        Flag(element, "blockOwnerDeletion"));

    private static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

    private static bool? Flag(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;
}
