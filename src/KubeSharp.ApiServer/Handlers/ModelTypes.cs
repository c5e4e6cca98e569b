using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>What the KubernetesClient models say of a JSON field's type: properties by JSON name, map values, list elements.</summary>
internal static class ModelTypes
{
    private static readonly ConcurrentDictionary<Type, Dictionary<string, Type>> Properties = new();

    /// <summary>The model's properties by JSON name (nullable wrappers removed), looked up once per type.</summary>
    public static IReadOnlyDictionary<string, Type> Of(Type model) => Properties.GetOrAdd(model, Describe);

    /// <summary>The type of field <paramref name="key"/> inside a value of <paramref name="parent"/>: a model's property, or a map's value type.</summary>
    public static Type? Child(Type? parent, string key)
    {
        if (parent is null)
        {
            return null;
        }

        if (IsDictionary(parent, out var value))
        {
            return value;
        }

        return IsModel(parent) && Of(parent).TryGetValue(key, out var type) ? type : null;
    }

    public static bool IsModel(Type type) =>
        type.Namespace == "k8s.Models" && type.IsClass && type != typeof(IntOrString) && type != typeof(ResourceQuantity);

    public static bool IsDictionary(Type type, out Type valueType)
    {
        var dictionary = type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(Dictionary<,>));
        valueType = dictionary ? type.GetGenericArguments()[1] : typeof(object);
        return dictionary;
    }

    public static bool IsList(Type type, out Type elementType)
    {
        var list = type != typeof(string) && type != typeof(byte[]) && type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type);
        elementType = list ? type.GetGenericArguments()[0] : typeof(object);
        return list;
    }

    private static Dictionary<string, Type> Describe(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name, Type: Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType))
            .Where(p => p.Name is not null)
            .ToDictionary(p => p.Name!, p => p.Type, StringComparer.Ordinal);
}
