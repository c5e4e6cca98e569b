using System.Text.Json.Nodes;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.Events;

/// <summary>
/// An Event read under upstream's internal field names, from either API: core/v1 uses those names
/// (but calls reportingController "reportingComponent"); events.k8s.io/v1 renames most of them
/// (regarding, note, deprecatedSource...).
/// </summary>
internal sealed class EventFields(JsonObject item, bool eventsApi)
{
    public JsonObject InvolvedObject => item[eventsApi ? "regarding" : "involvedObject"] as JsonObject ?? [];

    public JsonNode? InvolvedObjectNode => item[eventsApi ? "regarding" : "involvedObject"];

    public string Message => Text(item[eventsApi ? "note" : "message"]) ?? string.Empty;

    public JsonNode? MessageNode => item[eventsApi ? "note" : "message"];

    public JsonObject Source => item[eventsApi ? "deprecatedSource" : "source"] as JsonObject ?? [];

    public JsonNode? SourceNode => item[eventsApi ? "deprecatedSource" : "source"];

    public JsonNode? FirstTimestamp => item[eventsApi ? "deprecatedFirstTimestamp" : "firstTimestamp"];

    public JsonNode? LastTimestamp => item[eventsApi ? "deprecatedLastTimestamp" : "lastTimestamp"];

    public JsonNode? Count => item[eventsApi ? "deprecatedCount" : "count"];

    public string ReportingController => Text(item[eventsApi ? "reportingController" : "reportingComponent"]) ?? string.Empty;

    public JsonNode? ReportingControllerNode => item[eventsApi ? "reportingController" : "reportingComponent"];

    public JsonNode? EventTime => item["eventTime"];

    public JsonObject? Series => item["series"] as JsonObject;

    public string Namespace => Text((item["metadata"] as JsonObject)?["namespace"]) ?? string.Empty;

    public string ReportingInstance => Text(item["reportingInstance"]) ?? string.Empty;

    public string Action => Text(item["action"]) ?? string.Empty;

    public string Reason => Text(item["reason"]) ?? string.Empty;

    public string Type => Text(item["type"]) ?? string.Empty;

    public JsonNode? Related => item["related"];

    public JsonNode? ActionNode => item["action"];

    public JsonNode? ReasonNode => item["reason"];

    public JsonNode? TypeNode => item["type"];

    public JsonNode? ReportingInstanceNode => item["reportingInstance"];

    /// <summary>formatEventSource's component: the source component, else the reporting controller.</summary>
    public string SourceComponent => Text(Source["component"]) is { Length: > 0 } component ? component : ReportingController;
}
