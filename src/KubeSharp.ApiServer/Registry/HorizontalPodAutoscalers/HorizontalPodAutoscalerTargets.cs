using System.Text.Json.Nodes;
using KubeSharp.Api.Json;

namespace KubeSharp.ApiServer.Registry.HorizontalPodAutoscalers;

/// <summary>
/// printers.go's formatHPAMetrics: each metric's current value (from status.currentMetrics, matched
/// by position) over its target, e.g. "cpu: 35%/80%"; at most two, then "+ N more...".
/// </summary>
internal static class HorizontalPodAutoscalerTargets
{
    private const int Max = 2;
    private const string Unknown = "<unknown>";

    public static string Format(JsonObject item)
    {
        var specs = item.GetArray("spec.metrics").Objects().ToList();
        if (specs.Count == 0)
        {
            return "<none>";
        }

        var statuses = item.GetArray("status.currentMetrics");
        var list = new List<string>();
        for (var i = 0; i < specs.Count; i++)
        {
            var status = statuses is not null && i < statuses.Count ? statuses[i] as JsonObject : null;
            list.Add(Metric(specs[i], status));
        }

        var text = string.Join(", ", list.Take(Max));
        return specs.Count > Max ? $"{text} + {specs.Count - Max} more..." : text;
    }

    private static string Metric(JsonObject spec, JsonObject? status) => spec.GetString("type") switch
    {
        "External" => ValueOrAverage(spec, status, "external"),
        "Object" => ValueOrAverage(spec, status, "object"),
        "Pods" => $"{(status?.GetObject("pods") is { } pods ? Quantity(pods.Get("current.averageValue")) : Unknown)}/{Quantity(spec.Get("pods.target.averageValue"))}",
        "Resource" => Resource(spec, status, "resource"),
        "ContainerResource" => Resource(spec, status, "containerResource"),
        _ => "<unknown type>",
    };

    /// <summary>External and Object metrics: an average value "(avg)", else a plain value.</summary>
    private static string ValueOrAverage(JsonObject spec, JsonObject? status, string source)
    {
        var current = status?.GetObject(source);
        if (spec.Get($"{source}.target.averageValue") is { } average)
        {
            var now = current?.Get("current.averageValue") is { } value ? Quantity(value) : Unknown;
            return $"{now}/{Quantity(average)} (avg)";
        }

        var currentValue = current is null ? Unknown : Quantity(current.Get("current.value"));
        return $"{currentValue}/{Quantity(spec.Get($"{source}.target.value"))}";
    }

    /// <summary>Resource and ContainerResource metrics: "name: current/target", by average value or by utilization.</summary>
    private static string Resource(JsonObject spec, JsonObject? status, string source)
    {
        var name = spec.GetString($"{source}.name") ?? string.Empty;
        var current = status?.GetObject(source);
        if (spec.Get($"{source}.target.averageValue") is { } average)
        {
            var now = current is null ? Unknown : Quantity(current.Get("current.averageValue"));
            return $"{name}: {now}/{Quantity(average)}";
        }

        var utilization = current?.GetInt64("current.averageUtilization") is { } percent ? $"{percent}%" : Unknown;
        var target = spec.GetInt64($"{source}.target.averageUtilization") is { } wanted ? $"{wanted}%" : "<auto>";
        return $"{name}: {utilization}/{target}";
    }

    /// <summary>Quantity.String() of the stored (canonical) quantity; "&lt;nil&gt;" where Go would print a nil one.</summary>
    private static string Quantity(JsonNode? value) => value switch
    {
        null => "<nil>",
        JsonValue scalar when scalar.TryGetValue<string>(out var text) => text,
        _ => value.ToJsonString(),
    };
}
