using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubeSharp.Api;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.Rules;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Registry.HorizontalPodAutoscalers;

/// <summary>
/// autoscaling/v2 HorizontalPodAutoscalers (pkg/registry/autoscaling/horizontalpodautoscaler):
/// replica bounds, the metrics to scale on (80% CPU by default) and optional scaling behavior.
/// </summary>
internal sealed partial class HorizontalPodAutoscalerStrategy : ResourceStrategy
{
    private const long MaxStabilizationWindowSeconds = 3600;
    private const long MaxPeriodSeconds = 1800;

    private static readonly string[] MetricSourceTypes = ["ContainerResource", "External", "Object", "Pods", "Resource"];

    /// <summary>Each metric type and the field holding its source, in the order upstream looks for them.</summary>
    private static readonly (string Type, string Field)[] MetricSources = [("Object", "object"), ("External", "external"), ("Pods", "pods"), ("Resource", "resource"), ("ContainerResource", "containerResource")];

    private static readonly TableDefinition HorizontalPodAutoscalerTable = TableDefinition.NameAge(
        (new TableColumn("Reference", "string", string.Empty, "scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count."),
            (item, _) => $"{item.GetString("spec.scaleTargetRef.kind")}/{item.GetString("spec.scaleTargetRef.name")}"),
        (new TableColumn("Targets", "string", string.Empty, "metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used)."),
            (item, _) => HorizontalPodAutoscalerTargets.Format(item)),
        (new TableColumn("MinPods", "string", string.Empty, "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.  It defaults to 1 pod."),
            (item, _) => item.GetInt64("spec.minReplicas")?.ToString(CultureInfo.InvariantCulture) ?? "<unset>"),
        (new TableColumn("MaxPods", "string", string.Empty, "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas."),
            (item, _) => WorkloadCells.Count(item, "spec.maxReplicas")),
        (new TableColumn("Replicas", "string", string.Empty, "currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler."),
            (item, _) => WorkloadCells.Count(item, "status.currentReplicas")));

    public override bool HasStatusSubresource => true;

    public override TableDefinition Table => HorizontalPodAutoscalerTable;

    public override void Default(JsonObject item)
    {
        var spec = item.Ensure("spec");
        spec.Default("minReplicas", 1L);
        if ((spec.GetArray("metrics")?.Count ?? 0) == 0)
        {
            spec["metrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject
                {
                    ["name"] = "cpu",
                    ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = 80L },
                },
            });
        }

        // A behavior, once given, has every rule filled in (scale-down's window is left to the controller).
        if (spec.GetObject("behavior") is { } behavior)
        {
            behavior["scaleUp"] = ScalingRules(behavior.GetObject("scaleUp"), 0L, [Policy("Pods", 4), Policy("Percent", 100)]);
            behavior["scaleDown"] = ScalingRules(behavior.GetObject("scaleDown"), null, [Policy("Percent", 100)]);
        }
    }

    /// <summary>Status starts empty, which upstream renders with its non-omitempty fields.</summary>
    public override void PrepareForCreate(JsonObject item) => item["status"] = new JsonObject { ["currentMetrics"] = null, ["desiredReplicas"] = 0L };

    public override void Validate(JsonObject item, FieldErrors errors)
    {
        var spec = item.GetObject("spec") ?? new JsonObject();
        var minReplicas = NumberRules.Long(spec["minReplicas"]);
        var maxReplicas = NumberRules.Long(spec["maxReplicas"]) ?? 0;
        if (minReplicas < 1)
        {
            errors.Invalid("spec.minReplicas", minReplicas, "must be greater than or equal to 1");
        }

        if (maxReplicas < 1)
        {
            errors.Invalid("spec.maxReplicas", maxReplicas, "must be greater than 0");
        }

        if (maxReplicas < minReplicas)
        {
            errors.Invalid("spec.maxReplicas", maxReplicas, "must be greater than or equal to `minReplicas`");
        }

        ValidateObjectReference(spec.GetObject("scaleTargetRef") ?? new JsonObject(), "spec.scaleTargetRef", errors);
        var metrics = spec.GetArray("metrics").Objects().ToList();
        for (var i = 0; i < metrics.Count; i++)
        {
            ValidateMetric(metrics[i], $"spec.metrics[{i}]", errors);
        }

        if (minReplicas == 0 && !metrics.Any(m => m.GetString("type") is "Object" or "External"))
        {
            errors.Forbidden("spec.metrics", "must specify at least one Object or External metric to support scaling to zero replicas");
        }

        if (spec.GetObject("behavior") is { } behavior)
        {
            foreach (var direction in new[] { "scaleUp", "scaleDown" })
            {
                if (behavior.GetObject(direction) is { } rules)
                {
                    ValidateScalingRules(rules, $"spec.behavior.{direction}", errors);
                }
            }
        }
    }

    /// <summary>GenerateHPAScaleUpRules/GenerateHPAScaleDownRules: the defaults, with each field the user set kept whole.</summary>
    private static JsonObject ScalingRules(JsonObject? given, long? stabilizationWindowSeconds, JsonNode[] policies)
    {
        var rules = new JsonObject();
        var window = given?["stabilizationWindowSeconds"]?.DeepClone() ?? (stabilizationWindowSeconds is { } seconds ? JsonValue.Create(seconds) : null);
        if (window is not null)
        {
            rules["stabilizationWindowSeconds"] = window;
        }

        rules["selectPolicy"] = given?["selectPolicy"]?.DeepClone() ?? "Max";
        rules["policies"] = given?["policies"] is JsonArray own ? own.DeepClone() : new JsonArray(policies);
        return rules;
    }

    private static JsonObject Policy(string type, long value) => new() { ["type"] = type, ["value"] = value, ["periodSeconds"] = 15L };

    /// <summary>ValidateCrossVersionObjectReference: a kind and a name, each a URL path segment.</summary>
    private static void ValidateObjectReference(JsonObject reference, string path, FieldErrors errors)
    {
        foreach (var field in new[] { "kind", "name" })
        {
            var value = reference.GetString(field) ?? string.Empty;
            if (value.Length == 0)
            {
                errors.Required($"{path}.{field}");
            }

            foreach (var problem in FormatRules.PathSegmentNameErrors(value))
            {
                errors.Invalid($"{path}.{field}", value, problem);
            }
        }
    }

    /// <summary>validateMetricSpec: a known type, and its source (only) filled in.</summary>
    private static void ValidateMetric(JsonObject metric, string path, FieldErrors errors)
    {
        var type = metric.GetString("type") ?? string.Empty;
        if (type.Length == 0)
        {
            errors.Required(path + ".type", "must specify a metric source type");
        }

        if (!MetricSourceTypes.Contains(type))
        {
            errors.NotSupported(path + ".type", type, MetricSourceTypes);
        }

        var present = MetricSources.Where(s => metric[s.Field] is not null).ToList();
        if (present.Count > 0)
        {
            var (_, first) = present[0];
            ValidateSource(first, metric.GetObject(first) ?? new JsonObject(), $"{path}.{first}", errors);
        }

        string? expected = MetricSources.FirstOrDefault(s => s.Type == type).Field;
        if (expected is null)
        {
            // Upstream's switch reports an unknown type a second time.
            errors.NotSupported(path + ".type", type, MetricSourceTypes);
        }
        else if (metric[expected] is null)
        {
            errors.Required($"{path}.{expected}", "must populate information for the given metric source");
        }

        if (present.Count != 1)
        {
            foreach (var (_, field) in present.Where(s => s.Field != expected))
            {
                errors.Forbidden($"{path}.{field}", "must populate the given metric source only");
            }
        }
    }

    private static void ValidateSource(string field, JsonObject source, string path, FieldErrors errors)
    {
        var target = source.GetObject("target") ?? new JsonObject();
        var targetPath = path + ".target";
        var hasValue = target["value"] is not null;
        var hasAverageValue = target["averageValue"] is not null;
        var hasUtilization = target["averageUtilization"] is not null;
        switch (field)
        {
            case "object":
                ValidateObjectReference(source.GetObject("describedObject") ?? new JsonObject(), path + ".describedObject", errors);
                ValidateMetricIdentifier(source, path, errors);
                ValidateTarget(target, targetPath, errors);
                if (!hasValue && !hasAverageValue)
                {
                    errors.Required(targetPath + ".averageValue", "must set either a target value or averageValue");
                }

                break;
            case "external":
                ValidateMetricIdentifier(source, path, errors);
                ValidateTarget(target, targetPath, errors);
                if (!hasValue && !hasAverageValue)
                {
                    errors.Required(targetPath + ".averageValue", "must set either a target value for metric or a per-pod target");
                }

                if (hasValue && hasAverageValue)
                {
                    errors.Forbidden(targetPath + ".value", "may not set both a target value for metric and a per-pod target");
                }

                break;
            case "pods":
                ValidateMetricIdentifier(source, path, errors);
                ValidateTarget(target, targetPath, errors);
                if (!hasAverageValue)
                {
                    errors.Required(targetPath + ".averageValue", "must specify a positive target averageValue");
                }

                break;
            default:
                if (string.IsNullOrEmpty(source.GetString("name")))
                {
                    errors.Required(path + ".name", "must specify a resource name");
                }

                if (field == "containerResource")
                {
                    var container = source.GetString("container") ?? string.Empty;
                    if (container.Length == 0)
                    {
                        errors.Required(path + ".container", "must specify a container");
                    }
                    else if (ObjectNames.Dns1123LabelError(container) is { } problem)
                    {
                        errors.Invalid(path + ".container", container, problem);
                    }
                }

                ValidateTarget(target, targetPath, errors);
                if (!hasUtilization && !hasAverageValue)
                {
                    errors.Required(targetPath + ".averageUtilization", "must set either a target raw value or a target utilization");
                }

                if (hasUtilization && hasAverageValue)
                {
                    errors.Forbidden(targetPath + ".averageValue", "may not set both a target raw value and a target utilization");
                }

                break;
        }
    }

    private static void ValidateMetricIdentifier(JsonObject source, string path, FieldErrors errors)
    {
        var name = source.GetString("metric.name") ?? string.Empty;
        if (name.Length == 0)
        {
            errors.Required(path + ".metric.name", "must specify a metric name");
        }

        foreach (var problem in FormatRules.PathSegmentNameErrors(name))
        {
            errors.Invalid(path + ".metric.name", name, problem);
        }
    }

    /// <summary>validateMetricTarget (the odd field name of its "at least one" cause is upstream's).</summary>
    private static void ValidateTarget(JsonObject target, string path, FieldErrors errors)
    {
        var type = target.GetString("type") ?? string.Empty;
        if (type.Length == 0)
        {
            errors.Required(path + ".type", "must specify a metric target type");
        }

        if (type is not ("Utilization" or "Value" or "AverageValue"))
        {
            errors.Invalid(path + ".type", type, "must be either Utilization, Value, or AverageValue");
        }

        if (target["averageUtilization"] is null && target["averageValue"] is null && target["value"] is null)
        {
            errors.Invalid(path + ". utilization, value and averageValue", type, "at least one not nil");
        }

        foreach (var field in new[] { "value", "averageValue" })
        {
            if (target[field] is { } quantity && QuantitySign(quantity) != 1)
            {
                GoValues.Invalid(errors, $"{path}.{field}", GoValues.Value(quantity), "must be positive");
            }
        }

        if (NumberRules.Long(target["averageUtilization"]) is { } utilization && utilization < 1)
        {
            errors.Invalid(path + ".averageUtilization", utilization, "must be greater than 0");
        }
    }

    private static void ValidateScalingRules(JsonObject rules, string path, FieldErrors errors)
    {
        if (NumberRules.Long(rules["stabilizationWindowSeconds"]) is { } window)
        {
            if (window < 0)
            {
                errors.Invalid(path + ".stabilizationWindowSeconds", window, "must be greater than or equal to zero");
            }

            if (window > MaxStabilizationWindowSeconds)
            {
                errors.Invalid(path + ".stabilizationWindowSeconds", window, $"must be less than or equal to {MaxStabilizationWindowSeconds}");
            }
        }

        if (rules.GetString("selectPolicy") is { } selectPolicy && selectPolicy is not ("Disabled" or "Max" or "Min"))
        {
            errors.NotSupported(path + ".selectPolicy", selectPolicy, ["Disabled", "Max", "Min"]);
        }

        var policies = rules.GetArray("policies").Objects().ToList();
        if (policies.Count == 0)
        {
            errors.Required(path + ".policies", "must specify at least one Policy");
        }

        for (var i = 0; i < policies.Count; i++)
        {
            var at = $"{path}.policies[{i}]";
            var type = policies[i].GetString("type") ?? string.Empty;
            if (type is not ("Pods" or "Percent"))
            {
                errors.NotSupported(at + ".type", type, ["Percent", "Pods"]);
            }

            var value = NumberRules.Long(policies[i]["value"]) ?? 0;
            if (value <= 0)
            {
                errors.Invalid(at + ".value", value, "must be greater than zero");
            }

            var period = NumberRules.Long(policies[i]["periodSeconds"]) ?? 0;
            if (period <= 0)
            {
                errors.Invalid(at + ".periodSeconds", period, "must be greater than zero");
            }

            if (period > MaxPeriodSeconds)
            {
                errors.Invalid(at + ".periodSeconds", period, $"must be less than or equal to {MaxPeriodSeconds}");
            }
        }
    }

    /// <summary>The sign of a quantity ("500m", "1Gi", "-1", "0"): 1, 0 or -1; null when it does not parse.</summary>
    private static int? QuantitySign(JsonNode quantity)
    {
        var text = quantity is JsonValue scalar && scalar.TryGetValue<string>(out var s) ? s : quantity.ToJsonString();
        var match = QuantityNumber().Match(text);
        return match.Success && decimal.TryParse(match.Groups["number"].Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            ? Math.Sign(number)
            : null;
    }

    [GeneratedRegex("^(?<number>[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+))([eE][+-]?[0-9]+|[a-zA-Z]*)\\z")]
    private static partial Regex QuantityNumber();
}
