using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Registry;

/// <summary>The key and size rules ConfigMaps and Secrets share, over their data maps.</summary>
internal static class DataMaps
{
    /// <summary>MaxSecretSize, also a ConfigMap's limit: 1 MiB.</summary>
    public const int MaxSize = 1024 * 1024;

    /// <summary>Each key must be a valid config key; returns the size of the values (base64 values decoded).</summary>
    public static long ValidateKeys(FieldErrors errors, string field, JsonNode? map, bool base64)
    {
        var size = 0L;
        if (map is not JsonObject entries)
        {
            return size;
        }

        foreach (var (key, value) in entries.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var problem in FieldRules.ConfigMapKeyProblems(key))
            {
                errors.Invalid($"{field}[{key}]", key, problem);
            }

            var text = JsonValues.Text(value) ?? string.Empty;
            size += base64 ? DecodedLength(text) : Encoding.UTF8.GetByteCount(text);
        }

        return size;
    }

    /// <summary>The byte length of a base64 value without decoding it.</summary>
    public static long DecodedLength(string base64)
    {
        var padding = base64.EndsWith("==", StringComparison.Ordinal) ? 2 : base64.EndsWith('=') ? 1 : 0;
        return Math.Max(0, (base64.Length / 4 * 3) - padding);
    }

    /// <summary>With immutable: true stored, the flag stays and the data maps may not change.</summary>
    public static void Immutable(FieldErrors errors, JsonObject item, JsonObject old, params string[] maps)
    {
        if (JsonValues.Flag(old["immutable"]) != true)
        {
            return;
        }

        const string detail = "field is immutable when `immutable` is set";
        if (JsonValues.Flag(item["immutable"]) != true)
        {
            errors.Forbidden("immutable", detail);
        }

        foreach (var map in maps)
        {
            if (!JsonNode.DeepEquals(item[map], old[map]))
            {
                errors.Forbidden(map, detail);
            }
        }
    }
}
