using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Registry.ConfigMaps;

/// <summary>ConfigMaps (upstream's pkg/registry/core/configmap): valid keys, 1 MiB in all, and no changes once immutable.</summary>
internal sealed class ConfigMapStrategy : ResourceStrategy
{
    private static readonly TableDefinition ConfigMapTable = TableDefinition.NameAge(
        (ColumnDocs.Text("Data", "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process."),
            (item, _) => Count(item["data"]) + Count(item["binaryData"])));

    public override TableDefinition Table => ConfigMapTable;

    public override void Validate(JsonObject item, FieldErrors errors)
    {
        var size = DataMaps.ValidateKeys(errors, "data", item["data"], base64: false);
        if (item["data"] is JsonObject data && item["binaryData"] is JsonObject binaryData)
        {
            foreach (var key in data.Select(p => p.Key).Where(binaryData.ContainsKey).Order(StringComparer.Ordinal))
            {
                errors.Invalid($"data[{key}]", key, "duplicate of key present in binaryData");
            }
        }

        size += DataMaps.ValidateKeys(errors, "binaryData", item["binaryData"], base64: true);
        if (size > DataMaps.MaxSize)
        {
            // Upstream reports this against the whole object, whose path prints as "[]".
            errors.TooLong("[]", DataMaps.MaxSize);
        }
    }

    public override void ValidateUpdate(JsonObject item, JsonObject old, FieldErrors errors)
    {
        DataMaps.Immutable(errors, item, old, "data", "binaryData");
        Validate(item, errors);
    }

    private static int Count(JsonNode? map) => map is JsonObject entries ? entries.Count : 0;
}
