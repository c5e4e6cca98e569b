using System.Text.Json.Nodes;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Tables;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.Events;

/// <summary>kubectl's event columns (upstream's printEvent, which serves both APIs through the internal type).</summary>
internal static class EventTable
{
    public static readonly TableDefinition CoreDefinition = new(Columns(), (item, now) => Row(new EventFields(item, eventsApi: false), item, now));

    public static readonly TableDefinition EventsDefinition = new(Columns(), (item, now) => Row(new EventFields(item, eventsApi: true), item, now));

    private static List<TableColumn> Columns() =>
    [
        ColumnDocs.Text("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
        ColumnDocs.Text("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
        ColumnDocs.Text("Reason", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
        ColumnDocs.Text("Object", "The object that this event is about."),
        ColumnDocs.Text("Subobject", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: \"spec.containers{name}\" (where \"name\" refers to the name of the container that triggered the event) or if no container name is specified \"spec.containers[2]\" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.", 1),
        ColumnDocs.Text("Source", "The component reporting this event. Should be a short machine understandable string.", 1),
        ColumnDocs.Text("Message", "A human-readable description of the status of this operation."),
        ColumnDocs.Text("First Seen", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", 1),
        ColumnDocs.Text("Count", "The number of times this event has occurred.", 1),
        TableColumn.ForName() with { Priority = 1 },
    ];

    private static JsonNode?[] Row(EventFields fields, JsonObject item, DateTimeOffset now)
    {
        var firstSeen = HumanDuration.Since(Text(fields.FirstTimestamp ?? fields.EventTime), now);
        var lastSeen = fields.LastTimestamp is null ? firstSeen : HumanDuration.Since(Text(fields.LastTimestamp), now);
        var count = Number(fields.Count) ?? 0;
        if (fields.Series is { } series)
        {
            lastSeen = HumanDuration.Since(Text(series["lastObservedTime"]), now);
            count = Number(series["count"]) ?? 0;
        }
        else if (count == 0)
        {
            count = 1;
        }

        var kind = (Text(fields.InvolvedObject["kind"]) ?? string.Empty).ToLowerInvariant();
        var name = Text(fields.InvolvedObject["name"]) ?? string.Empty;
        var instance = Text(fields.Source["host"]) is { Length: > 0 } host ? host : fields.ReportingInstance;
        return
        [
            lastSeen,
            fields.Type,
            fields.Reason,
            name.Length > 0 ? $"{kind}/{name}" : kind,
            Text(fields.InvolvedObject["fieldPath"]) ?? string.Empty,
            instance.Length == 0 ? fields.SourceComponent : $"{fields.SourceComponent}, {instance}",
            fields.Message.Trim(),
            firstSeen,
            count,
            item.GetString("metadata.name"),
        ];
    }
}
