using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Resources;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>
/// Decodes an object into its KubernetesClient model: the type check upstream's decoder does
/// (a string where a number belongs is a 400), and the typed view strategies validate.
/// </summary>
internal static class ModelDecoder
{
    private static readonly MethodInfo DeserializeNode = typeof(KubernetesJson).GetMethods(BindingFlags.Public | BindingFlags.Static)
        .Single(m => m.Name == nameof(KubernetesJson.Deserialize) && m.GetParameters()[0].ParameterType == typeof(JsonNode));

    private static readonly ConcurrentDictionary<Type, Func<JsonNode, object?>> Decoders = new();

    public static object? Decode(JsonObject item, ApiResource resource)
    {
        if (resource.ModelType is not { } type)
        {
            return null;
        }

        var decode = Decoders.GetOrAdd(type, t =>
        {
            var method = DeserializeNode.MakeGenericMethod(t);
            return node => method.Invoke(null, [node, null]);
        });
        try
        {
            return decode(item);
        }
        catch (TargetInvocationException wrapper) when (wrapper.InnerException is not null and not OutOfMemoryException)
        {
            // Whatever the model's converters choke on is the body's fault (upstream: a decoding error, 400).
            throw ApiErrors.BadRequest($"{resource.Kind} in version \"{resource.Version}\" cannot be handled as a {resource.Kind}: {wrapper.InnerException.Message}");
        }
    }
}
