using System.Text.Json.Nodes;

namespace KubeSharp.Api.Json;

/// <summary>Small, allocation-light accessors over JSON objects, by dotted paths like "metadata.name".</summary>
public static class JsonPaths
{
    public static JsonNode? Get(this JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var part in path.Split('.'))
        {
            if (node is not JsonObject current || !current.TryGetPropertyValue(part, out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string? GetString(this JsonObject root, string path) =>
        root.Get(path) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static long? GetInt64(this JsonObject root, string path) => root.Get(path) is JsonValue value ? AsInt64(value) : null;

    /// <summary>
    /// A whole number however the value holds it: parsed JSON, or a long, int or integral double set
    /// in code (TryGetValue&lt;long&gt; alone misses the latter).
    /// </summary>
    public static long? AsInt64(JsonValue value)
    {
        if (value.TryGetValue<long>(out var number))
        {
            return number;
        }

        if (value.TryGetValue<int>(out var small))
        {
            return small;
        }

        if (value.TryGetValue<uint>(out var unsigned))
        {
            return unsigned;
        }

        return value.TryGetValue<double>(out var real) && real == Math.Floor(real) && Math.Abs(real) < 9e15 ? (long)real : null;
    }

    public static bool? GetBool(this JsonObject root, string path) =>
        root.Get(path) is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

    public static JsonObject? GetObject(this JsonObject root, string path) => root.Get(path) as JsonObject;

    public static JsonArray? GetArray(this JsonObject root, string path) => root.Get(path) as JsonArray;

    /// <summary>The object at the path, created (with any missing parents) if absent.</summary>
    public static JsonObject Ensure(this JsonObject root, string path)
    {
        var node = root;
        foreach (var part in path.Split('.'))
        {
            if (node[part] is not JsonObject child)
            {
                child = [];
                node[part] = child;
            }

            node = child;
        }

        return node;
    }

    public static void Set(this JsonObject root, string path, JsonNode? value)
    {
        var dot = path.LastIndexOf('.');
        var parent = dot < 0 ? root : root.Ensure(path[..dot]);
        parent[path[(dot + 1)..]] = value;
    }

    /// <summary>Sets the field only when it is absent or null (defaulting).</summary>
    public static void Default(this JsonObject root, string path, JsonNode value)
    {
        var dot = path.LastIndexOf('.');
        var parent = dot < 0 ? root : root.Ensure(path[..dot]);
        var name = path[(dot + 1)..];
        if (parent[name] is null)
        {
            parent[name] = value;
        }
    }

    public static void Remove(this JsonObject root, string path)
    {
        var dot = path.LastIndexOf('.');
        var parent = dot < 0 ? root : root.GetObject(path[..dot]);
        parent?.Remove(path[(dot + 1)..]);
    }

    /// <summary>A string map such as metadata.labels, or an empty one.</summary>
    public static Dictionary<string, string> GetStringMap(this JsonObject root, string path)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.Get(path) is JsonObject values)
        {
            foreach (var (key, value) in values)
            {
                if (value is JsonValue scalar && scalar.TryGetValue<string>(out var text))
                {
                    map[key] = text;
                }
            }
        }

        return map;
    }

    public static IEnumerable<JsonObject> Objects(this JsonArray? array) => array?.OfType<JsonObject>() ?? [];
}
