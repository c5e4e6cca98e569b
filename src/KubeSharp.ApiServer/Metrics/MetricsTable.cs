using System.Text.Json.Nodes;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Metrics;

/// <summary>
/// The Table metrics-server answers `kubectl get nodes.metrics.k8s.io` (or podmetrics) with: name,
/// cpu, memory (a pod's containers summed) and window.
/// </summary>
internal static class MetricsTable
{
    public static JsonObject Build(IEnumerable<(JsonObject Item, ulong NanoCores, ulong WorkingSetBytes)> rows, string? includeObject)
    {
        var written = new JsonArray();
        foreach (var (item, nanoCores, workingSetBytes) in rows)
        {
            var row = new JsonObject
            {
                ["cells"] = new JsonArray(
                    (JsonNode?)item.GetString("metadata.name"),
                    (JsonNode?)MetricQuantities.Cpu(nanoCores),
                    (JsonNode?)MetricQuantities.Memory(workingSetBytes),
                    (JsonNode?)MetricsDocuments.Window),
            };
            if (includeObject != "None")
            {
                row["object"] = includeObject == "Object" ? item : TableWriter.PartialObjectMetadata(item);
            }

            written.Add(row);
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject(),
            ["columnDefinitions"] = new JsonArray(
                Column("Name", "name", "Name of the resource"),
                Column("cpu", "quantity", string.Empty),
                Column("memory", "quantity", string.Empty),
                Column("Window", "duration", string.Empty)),
            ["rows"] = written,
        };
    }

    private static JsonObject Column(string name, string format, string description) => new()
    {
        ["name"] = name,
        ["type"] = "string",
        ["format"] = format,
        ["description"] = description,
        ["priority"] = 0,
    };
}
