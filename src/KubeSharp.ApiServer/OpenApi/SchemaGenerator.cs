using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;
using KubeSharp.Api.Resources;

namespace KubeSharp.ApiServer.OpenApi;

/// <summary>
/// OpenAPI v3 schemas for the KubernetesClient models, named as upstream names them
/// (io.k8s.api.core.v1.Pod, io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta), with descriptions
/// and x-kubernetes-group-version-kind on the kinds, so kubectl explain works.
/// </summary>
internal sealed class SchemaGenerator(ModelDocumentation docs)
{
    private static readonly Dictionary<string, string> MetaTypes = new(StringComparer.Ordinal)
    {
        ["V1ObjectMeta"] = "ObjectMeta", ["V1ListMeta"] = "ListMeta", ["V1LabelSelector"] = "LabelSelector",
        ["V1LabelSelectorRequirement"] = "LabelSelectorRequirement", ["V1OwnerReference"] = "OwnerReference",
        ["V1ManagedFieldsEntry"] = "ManagedFieldsEntry", ["V1Condition"] = "Condition", ["V1Status"] = "Status",
        ["V1StatusDetails"] = "StatusDetails", ["V1StatusCause"] = "StatusCause", ["V1DeleteOptions"] = "DeleteOptions",
        ["V1Preconditions"] = "Preconditions", ["V1WatchEvent"] = "WatchEvent",
    };

    /// <summary>Adds the schema of <paramref name="type"/> (and of everything it references) to <paramref name="schemas"/>; returns its name.</summary>
    public string Add(Type type, ApiResource? root, string package, JsonObject schemas)
    {
        var name = Name(type, root, package);
        if (schemas.ContainsKey(name))
        {
            return name;
        }

        var properties = new JsonObject();
        var schema = new JsonObject { ["type"] = "object" };
        if (docs.Type(type) is { } description)
        {
            schema["description"] = description;
        }

        schemas[name] = schema;
        var required = new JsonArray();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is not { } json)
            {
                continue;
            }

            var propertySchema = Property(property.PropertyType, package, schemas);
            if (docs.Property(type, property.Name) is { } text)
            {
                propertySchema = Describe(propertySchema, text);
            }

            properties[json.Name] = propertySchema;
            if (property.GetCustomAttribute<JsonRequiredAttribute>() is not null)
            {
                required.Add(json.Name);
            }
        }

        schema["properties"] = properties;
        if (required.Count > 0)
        {
            schema["required"] = required;
        }

        if (root is not null)
        {
            schema["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = root.Group, ["kind"] = root.Kind, ["version"] = root.Version });
        }

        return name;
    }

    public static string PackageOf(ApiResource resource) => resource.Group switch
    {
        "" => "io.k8s.api.core." + resource.Version,
        var group => $"io.k8s.api.{group.Replace(".k8s.io", string.Empty, StringComparison.Ordinal).Replace(".authorization", string.Empty, StringComparison.Ordinal).Replace(".", string.Empty, StringComparison.Ordinal)}.{resource.Version}",
    };

    public static string Ref(string name) => $"#/components/schemas/{name}";

    private JsonObject Property(Type type, string package, JsonObject schemas)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = type == typeof(int) ? "int32" : "int64" };
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return new JsonObject { ["type"] = "number", ["format"] = "double" };
        }

        if (type == typeof(DateTime))
        {
            return Reference("io.k8s.apimachinery.pkg.apis.meta.v1.Time", new JsonObject { ["type"] = "string", ["format"] = "date-time" }, schemas);
        }

        if (type == typeof(byte[]))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "byte" };
        }

        if (type == typeof(IntOrString))
        {
            return Reference("io.k8s.apimachinery.pkg.util.intstr.IntOrString", new JsonObject { ["type"] = "string", ["format"] = "int-or-string", ["x-kubernetes-int-or-string"] = true }, schemas);
        }

        if (type == typeof(ResourceQuantity))
        {
            return Reference("io.k8s.apimachinery.pkg.api.resource.Quantity", new JsonObject { ["type"] = "string" }, schemas);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IDictionary<,>) || definition == typeof(Dictionary<,>)))
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = Property(type.GetGenericArguments()[1], package, schemas) };
        }

        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType)
        {
            var element = type.GetGenericArguments()[0];
            var array = new JsonObject { ["type"] = "array", ["items"] = Property(element, package, schemas) };
            if (Patch.PatchMetadata.For(element) is { } meta)
            {
                array["x-kubernetes-patch-merge-key"] = meta.Key;
                array["x-kubernetes-patch-strategy"] = meta.Strategy;
                array["x-kubernetes-list-type"] = "map";
                array["x-kubernetes-list-map-keys"] = new JsonArray(meta.Key);
            }

            return array;
        }

        if (type.Namespace == "k8s.Models" && type.IsClass)
        {
            return new JsonObject { ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = Ref(Add(type, null, package, schemas)) }) };
        }

        // Free-form JSON (RawExtension, JSON schema props).
        return new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
    }

    private static JsonObject Reference(string name, JsonObject schema, JsonObject schemas)
    {
        schemas.TryAdd(name, schema);
        return new JsonObject { ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = Ref(name) }) };
    }

    private static JsonObject Describe(JsonObject schema, string description)
    {
        schema["description"] = description;
        return schema;
    }

    private static string Name(Type type, ApiResource? root, string package)
    {
        if (root is not null)
        {
            return $"{PackageOf(root)}.{root.Kind}";
        }

        if (MetaTypes.TryGetValue(type.Name, out var meta))
        {
            return "io.k8s.apimachinery.pkg.apis.meta.v1." + meta;
        }

        // V1PodSpec -> PodSpec; Corev1EventSource -> EventSource.
        var name = type.Name;
        var cut = 0;
        while (cut < name.Length && (char.IsDigit(name[cut]) || cut == 0 || char.IsLower(name[cut])))
        {
            cut++;
        }

        return $"{package}.{name[cut..]}";
    }
}
