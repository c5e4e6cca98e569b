using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace KubeSharp.Controllers.Deployment;

/// <summary>
/// Pod templates compared as upstream's EqualIgnoreHash compares them (apiequality.Semantic.DeepEqual
/// with the pod-template-hash label left out), through a canonical JSON form: keys sorted, and null
/// or empty values absent, since Go's semantic equality takes nil and empty maps and slices as equal.
/// </summary>
internal static class PodTemplates
{
    public static string CanonicalJson(V1PodTemplateSpec? template, bool withoutHashLabel = false)
    {
        var node = JsonNode.Parse(KubernetesJson.Serialize(template ?? new V1PodTemplateSpec()));
        if (withoutHashLabel && node?["metadata"]?["labels"] is JsonObject labels)
        {
            labels.Remove(PodTemplateHash.Label);
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>EqualIgnoreHash: the hash label is left out because the Deployment's template never has it.</summary>
    public static bool EqualIgnoreHash(V1PodTemplateSpec? a, V1PodTemplateSpec? b) =>
        CanonicalJson(a, withoutHashLabel: true) == CanonicalJson(b, withoutHashLabel: true);

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject item:
                writer.WriteStartObject();
                foreach (var (key, value) in item.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    if (!IsAbsent(value))
                    {
                        writer.WritePropertyName(key);
                        Write(writer, value);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonArray items:
                writer.WriteStartArray();
                foreach (var element in items)
                {
                    Write(writer, element);
                }

                writer.WriteEndArray();
                break;
            case JsonValue scalar:
                scalar.WriteTo(writer);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>Null, an empty array, or an object with nothing present in it.</summary>
    private static bool IsAbsent(JsonNode? node) => node switch
    {
        null => true,
        JsonObject item => item.All(pair => IsAbsent(pair.Value)),
        JsonArray items => items.Count == 0,
        _ => false,
    };
}
