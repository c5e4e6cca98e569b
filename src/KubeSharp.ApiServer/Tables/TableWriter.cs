using System.Text.Json.Nodes;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.Tables;

/// <summary>
/// Builds meta.k8s.io/v1 Tables as kubectl asks for them: every column (kubectl hides priority 1
/// without -o wide), one row per object, each row carrying PartialObjectMetadata (or the whole
/// object with includeObject=Object).
/// </summary>
internal static class TableWriter
{
    public static JsonObject Build(RegisteredResource resource, IEnumerable<JsonObject> items, string? resourceVersion, string? continueToken, long? remaining, bool includeObject, bool includeColumns, DateTimeOffset now)
    {
        var definition = resource.Strategy.Table;
        var metadata = new JsonObject();
        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        if (continueToken is not null)
        {
            metadata["continue"] = continueToken;
        }

        if (remaining is { } count)
        {
            metadata["remainingItemCount"] = count;
        }

        var table = new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
        };
        if (includeColumns)
        {
            table["columnDefinitions"] = new JsonArray([.. definition.Columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Format,
                ["description"] = c.Description,
                ["priority"] = c.Priority,
            })]);
        }

        var rows = new JsonArray();
        foreach (var item in items)
        {
            rows.Add(new JsonObject
            {
                ["cells"] = new JsonArray(definition.Row(item, now)),
                ["object"] = includeObject ? item : PartialObjectMetadata(item),
            });
        }

        table["rows"] = rows;
        return table;
    }

    public static JsonObject PartialObjectMetadata(JsonObject item) => new()
    {
        ["kind"] = "PartialObjectMetadata",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["metadata"] = item.GetObject("metadata")?.DeepClone(),
    };
}
