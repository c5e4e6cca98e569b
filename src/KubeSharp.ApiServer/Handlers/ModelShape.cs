using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Resources;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>
/// An object checked against its KubernetesClient model, as upstream's decoder checks it: a value of
/// the wrong JSON type is a 400 (<c>json: cannot unmarshal string into Go struct field ... of type int32</c>),
/// and the fields the model does not have are collected for fieldValidation (Strict, Warn, Ignore).
/// One walk over the tree, with each model type's properties looked up once.
/// </summary>
internal static class ModelShape
{
    /// <summary>Throws 400 at the first mistyped value; returns the unknown fields' paths.</summary>
    public static List<string> Check(JsonObject item, ApiResource resource)
    {
        var unknown = new List<string>();
        if (resource.ModelType is { } model)
        {
            Walk(item, model, string.Empty, unknown, resource);
        }

        return unknown;
    }

    private static void Walk(JsonNode? node, Type type, string path, List<string> unknown, ApiResource resource)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (node is null || type == typeof(object))
        {
            // JSON null is every type's zero value; free-form fields take anything.
            return;
        }

        if (ModelTypes.IsDictionary(type, out var valueType))
        {
            var map = node as JsonObject ?? throw Mismatch(node, type, path, resource);
            foreach (var (key, value) in map)
            {
                Walk(value, valueType, $"{path}.{key}", unknown, resource);
            }
        }
        else if (ModelTypes.IsList(type, out var elementType))
        {
            var array = node as JsonArray ?? throw Mismatch(node, type, path, resource);
            for (var i = 0; i < array.Count; i++)
            {
                Walk(array[i], elementType, $"{path}[{i}]", unknown, resource);
            }
        }
        else if (ModelTypes.IsModel(type))
        {
            var obj = node as JsonObject ?? throw Mismatch(node, type, path, resource);
            var known = ModelTypes.Of(type);
            foreach (var (key, value) in obj)
            {
                var child = path.Length == 0 ? key : $"{path}.{key}";
                if (known.TryGetValue(key, out var propertyType))
                {
                    Walk(value, propertyType, child, unknown, resource);
                }
                else
                {
                    unknown.Add(child);
                }
            }
        }
        else if (!ScalarFits(node, type))
        {
            throw Mismatch(node, type, path, resource);
        }
    }

    private static bool ScalarFits(JsonNode node, Type type)
    {
        if (node is not JsonValue value)
        {
            return false;
        }

        var kind = value.GetValueKind();
        if (type == typeof(string) || type == typeof(byte[]))
        {
            return kind == JsonValueKind.String;
        }

        if (type == typeof(DateTime))
        {
            return kind == JsonValueKind.String
                && DateTimeOffset.TryParse(value.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out _);
        }

        if (type == typeof(ResourceQuantity) && kind == JsonValueKind.String)
        {
            return IsQuantity(value.GetValue<string>());
        }

        if (type == typeof(bool))
        {
            return kind is JsonValueKind.True or JsonValueKind.False;
        }

        if (type == typeof(IntOrString) || type == typeof(ResourceQuantity))
        {
            return kind is JsonValueKind.String or JsonValueKind.Number;
        }

        if (kind != JsonValueKind.Number)
        {
            return false;
        }

        return type == typeof(int) ? Api.Json.JsonPaths.AsInt64(value) is >= int.MinValue and <= int.MaxValue
            : type == typeof(long) ? Api.Json.JsonPaths.AsInt64(value) is not null
            : true;
    }

    private static bool IsQuantity(string text)
    {
        try
        {
            _ = new ResourceQuantity(text).ToString();
            return true;
        }
        catch (Exception error) when (error is FormatException or ArgumentException or OverflowException)
        {
            return false;
        }
    }

    private static ApiException Mismatch(JsonNode node, Type type, string path, ApiResource resource)
    {
        var given = node switch
        {
            JsonObject => "object",
            JsonArray => "array",
            JsonValue value => value.GetValueKind() switch
            {
                JsonValueKind.String => "string",
                JsonValueKind.Number => "number",
                _ => "bool",
            },
            _ => "value",
        };
        return ApiErrors.BadRequest(
            $"{resource.Kind} in version \"{resource.Version}\" cannot be handled as a {resource.Kind}: json: cannot unmarshal {given} into Go struct field {path} of type {GoType(type)}");
    }

    private static string GoType(Type type) =>
        type == typeof(string) ? "string"
        : type == typeof(int) ? "int32"
        : type == typeof(long) ? "int64"
        : type == typeof(bool) ? "bool"
        : type == typeof(double) ? "float64"
        : ModelTypes.IsList(type, out var element) ? "[]" + GoType(element)
        : ModelTypes.IsDictionary(type, out var value) ? "map[string]" + GoType(value)
        : type.Name;
}
