using System.Globalization;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Metrics;

/// <summary>
/// NodeMetrics, PodMetrics and their lists as metrics-server writes them (k8s.io/metrics v1beta1):
/// metadata with the object's name, namespace and labels and a creationTimestamp of now; the sample's
/// timestamp and window; usage as quantities. List items carry no kind or apiVersion, as in Go.
/// </summary>
internal static class MetricsDocuments
{
    /// <summary>The kubelet's sampling period, over which usageNanoCores is averaged.</summary>
    public const string Window = "10s";

    public static JsonObject Node(string name, IReadOnlyDictionary<string, string> labels, ResourceUsage usage, DateTimeOffset now, bool withTypeMeta)
    {
        var item = TypeMeta("NodeMetrics", withTypeMeta);
        item["metadata"] = Metadata(name, null, labels, now);
        item["timestamp"] = Time(usage.Timestamp);
        item["window"] = Window;
        item["usage"] = Usage(usage.NanoCores, usage.WorkingSetBytes);
        return item;
    }

    public static JsonObject Pod(PodUsage usage, IReadOnlyDictionary<string, string> labels, DateTimeOffset now, bool withTypeMeta)
    {
        var item = TypeMeta("PodMetrics", withTypeMeta);
        item["metadata"] = Metadata(usage.Name, usage.Namespace, labels, now);
        item["timestamp"] = Time(usage.Timestamp(now));
        item["window"] = Window;
        item["containers"] = new JsonArray([.. usage.Containers.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["usage"] = Usage(c.Usage.NanoCores, c.Usage.WorkingSetBytes),
        })]);
        return item;
    }

    public static JsonObject List(string kind, IEnumerable<JsonObject> items) => new()
    {
        ["kind"] = kind,
        ["apiVersion"] = MetricsDiscovery.GroupVersion,
        ["metadata"] = new JsonObject(),
        ["items"] = new JsonArray([.. items.Select(i => (JsonNode)i)]),
    };

    /// <summary>metav1.Time: RFC 3339 in UTC, whole seconds.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);

    private static JsonObject TypeMeta(string kind, bool withTypeMeta) => withTypeMeta
        ? new JsonObject { ["kind"] = kind, ["apiVersion"] = MetricsDiscovery.GroupVersion }
        : new JsonObject();

    private static JsonObject Metadata(string name, string? @namespace, IReadOnlyDictionary<string, string> labels, DateTimeOffset now)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (@namespace is not null)
        {
            metadata["namespace"] = @namespace;
        }

        metadata["creationTimestamp"] = Time(now);
        if (labels.Count > 0)
        {
            // Go writes map keys sorted.
            var written = new JsonObject();
            foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                written[key] = value;
            }

            metadata["labels"] = written;
        }

        return metadata;
    }

    private static JsonObject Usage(ulong nanoCores, ulong workingSetBytes) => new()
    {
        ["cpu"] = MetricQuantities.Cpu(nanoCores),
        ["memory"] = MetricQuantities.Memory(workingSetBytes),
    };
}
