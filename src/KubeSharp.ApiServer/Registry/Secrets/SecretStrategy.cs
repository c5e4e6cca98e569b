using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Tables;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.Secrets;

/// <summary>
/// Secrets (upstream's pkg/registry/core/secret): type Opaque by default, stringData folded into
/// data, valid keys within 1 MiB, the keys each type requires, and a type that never changes.
/// </summary>
internal sealed class SecretStrategy : ResourceStrategy
{
    private static readonly TableDefinition SecretTable = TableDefinition.NameAge(
        (ColumnDocs.Text("Type", "Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types"),
            (item, _) => Text(item["type"])),
        (ColumnDocs.Text("Data", "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4"),
            (item, _) => item["data"] is JsonObject data ? data.Count : 0));

    public override TableDefinition Table => SecretTable;

    public override IReadOnlySet<string> SelectableFields { get; } = new HashSet<string>(StringComparer.Ordinal) { "metadata.name", "metadata.namespace", "type" };

    public override void Default(JsonObject item)
    {
        DefaultText(item, "type", "Opaque");

        // As upstream's conversion: stringData overwrites data and is never stored.
        if (item["stringData"] is JsonObject stringData)
        {
            if (item["data"] is not JsonObject data)
            {
                data = [];
                item["data"] = data;
            }

            foreach (var (key, value) in stringData)
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(Text(value) ?? string.Empty));
            }
        }

        item.Remove("stringData");
    }

    public override void Validate(JsonObject item, FieldErrors errors)
    {
        var size = DataMaps.ValidateKeys(errors, "data", item["data"], base64: true);
        if (size > DataMaps.MaxSize)
        {
            errors.TooLong("data", DataMaps.MaxSize);
        }

        var data = item["data"] as JsonObject ?? [];
        switch (Text(item["type"]))
        {
            case "kubernetes.io/service-account-token":
                if (string.IsNullOrEmpty(item.GetStringMap("metadata.annotations").GetValueOrDefault("kubernetes.io/service-account.name")))
                {
                    errors.Required("metadata.annotations[kubernetes.io/service-account.name]");
                }

                break;
            case "kubernetes.io/dockercfg":
                DockerConfig(errors, data, ".dockercfg");
                break;
            case "kubernetes.io/dockerconfigjson":
                DockerConfig(errors, data, ".dockerconfigjson");
                break;
            case "kubernetes.io/basic-auth":
                if (!data.ContainsKey("username") && !data.ContainsKey("password"))
                {
                    errors.Required("data[username]");
                    errors.Required("data[password]");
                }

                break;
            case "kubernetes.io/ssh-auth":
                if (string.IsNullOrEmpty(Text(data["ssh-privatekey"])))
                {
                    errors.Required("data[ssh-privatekey]");
                }

                break;
            case "kubernetes.io/tls":
                foreach (var key in new[] { "tls.crt", "tls.key" })
                {
                    if (!data.ContainsKey(key))
                    {
                        errors.Required($"data[{key}]");
                    }
                }

                break;
        }
    }

    public override void ValidateUpdate(JsonObject item, JsonObject old, FieldErrors errors)
    {
        FieldRules.Immutable(errors, "type", item["type"], old["type"]);
        DataMaps.Immutable(errors, item, old, "data");
        Validate(item, errors);
    }

    public override Dictionary<string, string> Fields(JsonObject item) => new(StringComparer.Ordinal)
    {
        ["metadata.name"] = item.GetString("metadata.name") ?? string.Empty,
        ["metadata.namespace"] = item.GetString("metadata.namespace") ?? string.Empty,
        ["type"] = Text(item["type"]) ?? string.Empty,
    };

    /// <summary>A docker config key must be present and hold a JSON object.</summary>
    private static void DockerConfig(FieldErrors errors, JsonObject data, string key)
    {
        var field = $"data[{key}]";
        if (!data.ContainsKey(key))
        {
            errors.Required(field);
            return;
        }

        if (JsonProblem(Text(data[key]) ?? string.Empty) is { } problem)
        {
            errors.Invalid(field, "<secret contents redacted>", problem);
        }
    }

    /// <summary>Why the base64 value is not a JSON object (Go's json.Unmarshal into a map), or null.</summary>
    private static string? JsonProblem(string base64)
    {
        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(base64));
            return document.RootElement.ValueKind switch
            {
                JsonValueKind.Object or JsonValueKind.Null => null,
                JsonValueKind.Array => "json: cannot unmarshal array into Go value of type map[string]interface {}",
                JsonValueKind.String => "json: cannot unmarshal string into Go value of type map[string]interface {}",
                JsonValueKind.Number => "json: cannot unmarshal number into Go value of type map[string]interface {}",
                _ => "json: cannot unmarshal bool into Go value of type map[string]interface {}",
            };
        }
        catch (Exception error) when (error is JsonException or FormatException)
        {
            return error.Message;
        }
    }
}
