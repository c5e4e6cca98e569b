using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;

namespace KubeSharp.ApiServer.Registry.Rules;

/// <summary>ValidateImmutableField on JSON, comparing as upstream's semantic equality does.</summary>
internal static class ImmutableFields
{
    public const string Message = "field is immutable";

    public static void Check(JsonObject item, JsonObject old, string path, FieldErrors errors) =>
        Check(item, old, path, errors, GoValues.Value);

    /// <summary>The value at the path must not change; the cause shows the new value as rendered.</summary>
    public static void Check(JsonObject item, JsonObject old, string path, FieldErrors errors, Func<JsonNode?, string> render)
    {
        var now = item.Get(path);
        if (!SemanticEquals(now, old.Get(path)))
        {
            GoValues.Invalid(errors, path, render(now), Message);
        }
    }

    /// <summary>
    /// apiequality.Semantic.DeepEqual on JSON: absent, null and an empty list or map are all Go's
    /// nil or empty, which compare equal; anything else must match.
    /// </summary>
    public static bool SemanticEquals(JsonNode? a, JsonNode? b)
    {
        if (IsEmpty(a) || IsEmpty(b))
        {
            return IsEmpty(a) && IsEmpty(b);
        }

        return (a, b) switch
        {
            (JsonObject left, JsonObject right) => left.Select(p => p.Key).Concat(right.Select(p => p.Key)).Distinct().All(key => SemanticEquals(left[key], right[key])),
            (JsonArray left, JsonArray right) => left.Count == right.Count && left.Zip(right).All(pair => SemanticEquals(pair.First, pair.Second)),
            _ => JsonNode.DeepEquals(a, b),
        };
    }

    private static bool IsEmpty(JsonNode? node) => node is null or JsonObject { Count: 0 } or JsonArray { Count: 0 };
}
