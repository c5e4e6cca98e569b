using System.Globalization;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Patch;

/// <summary>RFC 6902 JSON patch: add, remove, replace, move, copy, test, over JSON pointers.</summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode target, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw ApiErrors.BadRequest("json patch must be an array of operations");
        }

        var document = target.DeepClone();
        foreach (var operation in operations)
        {
            if (operation is not JsonObject op || op["op"]?.GetValue<string>() is not { } kind || op["path"]?.GetValue<string>() is not { } path)
            {
                throw ApiErrors.BadRequest("json patch operations need \"op\" and \"path\"");
            }

            switch (kind)
            {
                case "add":
                    document = Add(document, path, Value(op));
                    break;
                case "remove":
                    Remove(document, path);
                    break;
                case "replace":
                    Remove(document, path);
                    document = Add(document, path, Value(op));
                    break;
                case "move":
                    var moved = Find(document, From(op));
                    Remove(document, From(op));
                    document = Add(document, path, moved?.DeepClone());
                    break;
                case "copy":
                    document = Add(document, path, Find(document, From(op))?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Find(document, path), Value(op)))
                    {
                        throw ApiErrors.Invalid(string.Empty, "Patch", string.Empty, [new StatusCause("FieldValueInvalid", $"testing value {path} failed", path)]);
                    }

                    break;
                default:
                    throw ApiErrors.BadRequest($"Unexpected kind: {kind}");
            }
        }

        return document;
    }

    private static JsonNode? Value(JsonObject op) =>
        op.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw ApiErrors.BadRequest("json patch operation needs a \"value\"");

    private static string From(JsonObject op) => op["from"]?.GetValue<string>() ?? throw ApiErrors.BadRequest("json patch operation needs \"from\"");

    private static string[] Split(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw ApiErrors.BadRequest($"invalid json pointer: \"{pointer}\"");
        }

        return [.. pointer[1..].Split('/').Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];
    }

    private static JsonNode? Find(JsonNode document, string pointer)
    {
        JsonNode? node = document;
        foreach (var part in Split(pointer))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(part, out var child) => child,
                JsonArray a when int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => throw ApiErrors.Invalid(string.Empty, "Patch", string.Empty, [new StatusCause("FieldValueInvalid", $"doc is missing path: \"{pointer}\"", pointer)]),
            };
        }

        return node;
    }

    private static JsonNode Add(JsonNode document, string pointer, JsonNode? value)
    {
        var parts = Split(pointer);
        if (parts.Length == 0)
        {
            return value ?? throw ApiErrors.BadRequest("cannot replace the whole document with null");
        }

        var parent = Find(document, Parent(parts));
        var last = parts[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw ApiErrors.Invalid(string.Empty, "Patch", string.Empty, [new StatusCause("FieldValueInvalid", $"doc is missing path: \"{pointer}\"", pointer)]);
        }

        return document;
    }

    private static void Remove(JsonNode document, string pointer)
    {
        var parts = Split(pointer);
        var parent = Find(document, Parent(parts));
        var last = parts[^1];
        var removed = parent switch
        {
            JsonObject o => o.Remove(last),
            JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => Remove(a, i),
            _ => false,
        };
        if (!removed)
        {
            throw ApiErrors.Invalid(string.Empty, "Patch", string.Empty, [new StatusCause("FieldValueInvalid", $"doc is missing path: \"{pointer}\"", pointer)]);
        }
    }

    private static bool Remove(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }

    private static string Parent(string[] parts) => parts.Length == 1 ? string.Empty : "/" + string.Join('/', parts[..^1].Select(Escape));

    private static string Escape(string part) => part.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
