using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;

namespace KubeSharp.ApiServer.Apply;

/// <summary>
/// The structural schema server-side apply needs, read off the KubernetesClient models: which
/// lists merge by key and on which fields (upstream's x-kubernetes-list-type/list-map-keys, with
/// the protocol default for port keys), which are sets, and which values are atomic.
/// </summary>
internal sealed class FieldSchema
{
    // Upstream's list-map keys by element type; a missing key takes the default given here.
    private static readonly Dictionary<string, (string Name, string? Default)[]> ListKeys = new(StringComparer.Ordinal)
    {
        ["V1Container"] = [("name", null)],
        ["V1EphemeralContainer"] = [("name", null)],
        ["V1EnvVar"] = [("name", null)],
        ["V1Volume"] = [("name", null)],
        ["V1VolumeMount"] = [("mountPath", null)],
        ["V1VolumeDevice"] = [("devicePath", null)],
        ["V1LocalObjectReference"] = [("name", null)],
        ["V1ContainerPort"] = [("containerPort", null), ("protocol", "TCP")],
        ["V1ServicePort"] = [("port", null), ("protocol", "TCP")],
        ["V1HostAlias"] = [("ip", null)],
        ["V1PodCondition"] = [("type", null)],
        ["V1NodeCondition"] = [("type", null)],
        ["V1DeploymentCondition"] = [("type", null)],
        ["V1ReplicaSetCondition"] = [("type", null)],
        ["V1Condition"] = [("type", null)],
        ["V1OwnerReference"] = [("uid", null)],
        ["V1TopologySpreadConstraint"] = [("topologyKey", null), ("whenUnsatisfiable", null)],
        ["V1Taint"] = [("key", null), ("effect", null)],
        ["V1PodResourceClaim"] = [("name", null)],
    };

    // Scalar lists merged as sets (+listType=set), by field name.
    private static readonly HashSet<string> SetLists = new(StringComparer.Ordinal) { "finalizers" };

    // Structs owned as a whole (+structType=atomic).
    private static readonly HashSet<Type> AtomicStructs = [typeof(V1LabelSelector)];

    private static readonly ConcurrentDictionary<Type, FieldSchema> Cache = new();

    // Lists by type and by whether the field is a set (List<string> is a set as finalizers, atomic as args).
    private static readonly ConcurrentDictionary<(Type, bool), FieldSchema> Lists = new();

    /// <summary>Anything without a model: objects are maps, lists atomic.</summary>
    public static readonly FieldSchema Untyped = new(FieldShape.Map, null, null, []);

    private static readonly FieldSchema Scalar = new(FieldShape.Atomic, null, null, []);

    private readonly Type? _type;
    private readonly Type? _element;
    private Dictionary<string, Type>? _fields;

    private FieldSchema(FieldShape shape, Type? type, Type? element, (string Name, string? Default)[] keys)
    {
        Shape = shape;
        _type = type;
        _element = element;
        Keys = keys;
    }

    public FieldShape Shape { get; }

    /// <summary>The key fields of a keyed list's items.</summary>
    public (string Name, string? Default)[] Keys { get; }

    /// <summary>The schema of a resource's objects.</summary>
    public static FieldSchema ForModel(Type? model) => model is null ? Untyped : Cache.GetOrAdd(model, ForStruct);

    /// <summary>The schema of a field of this struct or a value of this map.</summary>
    public FieldSchema Child(string name)
    {
        if (Shape == FieldShape.Map)
        {
            return _element is null ? Untyped : ForType(_element, name);
        }

        if (Shape != FieldShape.Struct || _type is null)
        {
            return Untyped;
        }

        return Fields(_type).TryGetValue(name, out var field) ? ForType(field, name) : Untyped;
    }

    /// <summary>The schema of a keyed list's items.</summary>
    public FieldSchema Item => _element is null ? Untyped : ForType(_element, string.Empty);

    /// <summary>True if <paramref name="name"/> is a declared field of this struct (not a map key).</summary>
    public bool Declares(string name) => Shape == FieldShape.Struct && _type is not null && Fields(_type).ContainsKey(name);

    private Dictionary<string, Type> Fields(Type type) => _fields ??= type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => (Json: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name, p.PropertyType))
        .Where(p => p.Json is not null)
        .ToDictionary(p => p.Json!, p => p.PropertyType, StringComparer.Ordinal);

    private static FieldSchema ForStruct(Type type) => new(AtomicStructs.Contains(type) ? FieldShape.Atomic : FieldShape.Struct, type, null, []);

    private static FieldSchema ForType(Type type, string fieldName)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IDictionary<,>) || definition == typeof(Dictionary<,>)))
        {
            return Cache.GetOrAdd(type, t => new FieldSchema(FieldShape.Map, t, t.GetGenericArguments()[1], []));
        }

        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType)
        {
            var element = type.GetGenericArguments()[0];
            return Lists.GetOrAdd((type, element == typeof(string) && SetLists.Contains(fieldName)), key => ListKeys.TryGetValue(element.Name, out var keys)
                ? new FieldSchema(FieldShape.KeyedList, key.Item1, element, keys)
                : new FieldSchema(key.Item2 ? FieldShape.SetList : FieldShape.Atomic, key.Item1, element, []));
        }

        if (type.Namespace == "k8s.Models" && type.IsClass && type != typeof(IntOrString) && type != typeof(ResourceQuantity))
        {
            return Cache.GetOrAdd(type, ForStruct);
        }

        // Scalars, and free-form JSON (RawExtension, JSON schema props), which is a granular map.
        return type == typeof(object) ? Untyped : Scalar;
    }
}
