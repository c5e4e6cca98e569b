using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// Scalars read from JSON nodes that may be absent or of another type: defaulting runs before the
/// type check, and values set in code are typed JsonValues rather than parsed elements.
/// </summary>
internal static class JsonValues
{
    public static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static long? Number(JsonNode? node) => node is JsonValue value ? KubeSharp.Api.Json.JsonPaths.AsInt64(value) : null;

    public static bool? Flag(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

    /// <summary>A string list, skipping anything that is not a string.</summary>
    public static List<string> Texts(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(Text).OfType<string>()] : [];

    /// <summary>Sets a Go value-typed string field when it is absent or empty (Go's zero value counts as unset).</summary>
    public static void DefaultText(JsonObject item, string key, string value)
    {
        if (item[key] is null || Text(item[key]) == string.Empty)
        {
            item[key] = value;
        }
    }

    /// <summary>Sets a Go value-typed number field when it is absent or 0.</summary>
    public static void DefaultNumber(JsonObject item, string key, long value)
    {
        if (item[key] is null || Number(item[key]) == 0)
        {
            item[key] = value;
        }
    }

    /// <summary>Sets a Go pointer field when it is absent (an explicit zero value is kept).</summary>
    public static void DefaultValue(JsonObject item, string key, JsonNode? value)
    {
        if (item[key] is null)
        {
            item[key] = value;
        }
    }

    /// <summary>The value as upstream's messages print it: strings, numbers and booleans as such, anything else as JSON text.</summary>
    public static object? Printable(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when Number(value) is { } number => number,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        _ => node.ToJsonString(),
    };
}
