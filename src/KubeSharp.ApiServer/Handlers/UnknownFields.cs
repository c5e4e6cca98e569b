using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>
/// The fields of an object that its model does not have (upstream's strict decoding), as paths
/// like <c>spec.template.spec.containers[0].imagePolicy</c>.
/// </summary>
internal static class UnknownFields
{
    private static readonly ConcurrentDictionary<Type, Dictionary<string, Type>> Properties = new();

    public static List<string> Find(JsonObject item, Type model)
    {
        var unknown = new List<string>();
        Walk(item, model, string.Empty, unknown);
        return unknown;
    }

    private static void Walk(JsonNode? node, Type type, string path, List<string> unknown)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        switch (node)
        {
            case JsonObject map when IsDictionary(type, out var valueType):
                foreach (var (key, value) in map)
                {
                    Walk(value, valueType, $"{path}.{key}", unknown);
                }

                break;
            case JsonObject obj when IsModel(type):
                var known = Properties.GetOrAdd(type, Describe);
                foreach (var (key, value) in obj)
                {
                    var child = path.Length == 0 ? key : $"{path}.{key}";
                    if (known.TryGetValue(key, out var propertyType))
                    {
                        Walk(value, propertyType, child, unknown);
                    }
                    else
                    {
                        unknown.Add(child);
                    }
                }

                break;
            case JsonArray array when IsList(type, out var elementType):
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], elementType, $"{path}[{i}]", unknown);
                }

                break;
        }
    }

    private static bool IsModel(Type type) =>
        type.Namespace == "k8s.Models" && type.IsClass && type != typeof(IntOrString) && type != typeof(ResourceQuantity);

    private static bool IsDictionary(Type type, out Type valueType)
    {
        var dictionary = type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(Dictionary<,>));
        valueType = dictionary ? type.GetGenericArguments()[1] : typeof(object);
        return dictionary;
    }

    private static bool IsList(Type type, out Type elementType)
    {
        var list = type != typeof(string) && type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type);
        elementType = list ? type.GetGenericArguments()[0] : typeof(object);
        return list;
    }

    private static Dictionary<string, Type> Describe(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name, p.PropertyType))
            .Where(p => p.Name is not null)
            .ToDictionary(p => p.Name!, p => p.PropertyType, StringComparer.Ordinal);
}
