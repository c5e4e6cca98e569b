using System.Globalization;
using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.LimitRanges;

/// <summary>
/// LimitRanges (upstream's pkg/registry/core/limitrange): container defaults derived from max and
/// min (SetDefaults_LimitRangeItem), and ValidateLimitRange's consistency rules. Upstream gives
/// them the default table (name and creation time), so this strategy keeps it.
/// </summary>
internal sealed class LimitRangeStrategy : ResourceStrategy
{
    private static readonly string[] Lists = ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"];

    public override void Default(JsonObject item)
    {
        foreach (var limit in item.GetArray("spec.limits").Objects().Where(l => Text(l["type"]) == "Container"))
        {
            var max = limit["max"] as JsonObject ?? [];
            var min = limit["min"] as JsonObject ?? [];
            var defaults = limit["default"] as JsonObject ?? [];
            var defaultRequests = limit["defaultRequest"] as JsonObject ?? [];
            Fill(defaults, max);
            Fill(defaultRequests, defaults);
            Fill(defaultRequests, min);

            // Empty ResourceLists are omitted, as upstream's JSON does.
            if (defaults.Count > 0 && limit["default"] is null)
            {
                limit["default"] = defaults;
            }

            if (defaultRequests.Count > 0 && limit["defaultRequest"] is null)
            {
                limit["defaultRequest"] = defaultRequests;
            }
        }
    }

    public override void Validate(JsonObject item, FieldErrors errors)
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var limit in item.GetArray("spec.limits").Objects())
        {
            var at = $"spec.limits[{index++}]";
            var type = Text(limit["type"]) ?? string.Empty;
            TypeName(errors, at + ".type", type);
            if (!types.Add(type))
            {
                errors.Duplicate(at + ".type", type);
            }

            var lists = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var list in Lists)
            {
                lists[list] = limit[list] as JsonObject ?? [];
            }

            if (type == "Pod")
            {
                foreach (var list in new[] { "default", "defaultRequest" })
                {
                    if (lists[list].Count > 0)
                    {
                        errors.Forbidden($"{at}.{list}", "may not be specified when `type` is 'Pod'");
                    }

                    lists[list] = [];
                }
            }

            foreach (var (list, values) in lists)
            {
                foreach (var name in values.Select(p => p.Key).Order(StringComparer.Ordinal))
                {
                    var field = $"{at}.{list}[{name}]";
                    if (type is "Pod" or "Container")
                    {
                        ResourceNames.ValidateContainer(errors, field, name);
                    }
                    else
                    {
                        ResourceNames.Validate(errors, field, name);
                    }
                }
            }

            if (type == "PersistentVolumeClaim" && !lists["min"].ContainsKey("storage") && !lists["max"].ContainsKey("storage"))
            {
                errors.Required(at + ".limits", "either minimum or maximum storage value is required, but neither was provided");
            }

            Consistency(errors, at, lists);
        }
    }

    private static void Fill(JsonObject target, JsonObject source)
    {
        foreach (var (name, quantity) in source)
        {
            if (!target.ContainsKey(name))
            {
                target[name] = quantity?.DeepClone();
            }
        }
    }

    /// <summary>validateLimitRangeTypeName: a qualified name, and a standard type unless it has a domain.</summary>
    private static void TypeName(FieldErrors errors, string field, string type)
    {
        if (ObjectNames.QualifiedNameError(type) is { } problem)
        {
            errors.Invalid(field, type, problem);
        }
        else if (!type.Contains('/', StringComparison.Ordinal) && type is not ("Pod" or "Container" or "PersistentVolumeClaim"))
        {
            errors.Invalid(field, type, "must be a standard limit type or fully qualified");
        }
    }

    /// <summary>min ≤ defaultRequest ≤ default ≤ max for every resource named anywhere, and sensible ratios.</summary>
    private static void Consistency(FieldErrors errors, string field, Dictionary<string, JsonObject> lists)
    {
        var names = lists.Values.SelectMany(l => l.Select(p => p.Key)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var min = Quantities.Parse(lists["min"][name]);
            var max = Quantities.Parse(lists["max"][name]);
            var fallback = Quantities.Parse(lists["default"][name]);
            var request = Quantities.Parse(lists["defaultRequest"][name]);
            var ratio = Quantities.Parse(lists["maxLimitRequestRatio"][name]);
            string Show(string list) => Quantities.Text(lists[list][name]);

            if (min > max)
            {
                errors.Invalid($"{field}.min[{name}]", Show("min"), $"min value {Show("min")} is greater than max value {Show("max")}");
            }

            if (min > request)
            {
                errors.Invalid($"{field}.defaultRequest[{name}]", Show("defaultRequest"), $"min value {Show("min")} is greater than default request value {Show("defaultRequest")}");
            }

            if (request > max)
            {
                errors.Invalid($"{field}.defaultRequest[{name}]", Show("defaultRequest"), $"default request value {Show("defaultRequest")} is greater than max value {Show("max")}");
            }

            if (request > fallback)
            {
                errors.Invalid($"{field}.defaultRequest[{name}]", Show("defaultRequest"), $"default request value {Show("defaultRequest")} is greater than default limit value {Show("default")}");
            }

            if (min > fallback)
            {
                errors.Invalid($"{field}.default[{name}]", Show("min"), $"min value {Show("min")} is greater than default value {Show("default")}");
            }

            if (fallback > max)
            {
                errors.Invalid($"{field}.default[{name}]", Show("max"), $"default value {Show("default")} is greater than max value {Show("max")}");
            }

            if (ratio < 1)
            {
                errors.Invalid($"{field}.maxLimitRequestRatio[{name}]", Show("maxLimitRequestRatio"), $"ratio {Show("maxLimitRequestRatio")} is less than 1");
            }

            if (ratio is { } limitRatio && min is { } low && max is { } high && low != 0 && limitRatio > high / low)
            {
                errors.Invalid($"{field}.maxLimitRequestRatio[{name}]", Show("maxLimitRequestRatio"), string.Create(CultureInfo.InvariantCulture, $"ratio {Show("maxLimitRequestRatio")} is greater than max/min = {high / low:F6}"));
            }

            // Resources that cannot be overcommitted (hugepages, extended resources) need default == defaultRequest.
            if (!ResourceNames.IsOvercommitAllowed(name) && fallback is not null && request is not null && fallback != request)
            {
                errors.Invalid($"{field}.defaultRequest[{name}]", Show("defaultRequest"), $"default value {Show("default")} must equal to defaultRequest value {Show("defaultRequest")} in {name}");
            }
        }
    }
}
