using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Api;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.Api.Selectors;

namespace KubeSharp.ApiServer.Registry.Rules;

/// <summary>
/// A metav1.LabelSelector held as JSON: upstream's validation of it, its conversion to a selector
/// (LabelSelectorAsSelector) and its string form.
/// </summary>
internal static class LabelSelectors
{
    /// <summary>metav1validation.ValidateLabels: keys are qualified names, values label values; causes name the map, not the key.</summary>
    public static void ValidateLabels(JsonObject? labels, string path, FieldErrors errors) => FieldRules.Labels(errors, path, labels);

    /// <summary>metav1validation.ValidateLabelSelector with label values checked strictly; a missing selector is valid.</summary>
    public static void Validate(JsonObject? selector, string path, FieldErrors errors)
    {
        if (selector is null)
        {
            return;
        }

        ValidateLabels(selector.GetObject("matchLabels"), path + ".matchLabels", errors);
        if (selector.GetArray("matchExpressions") is { } expressions)
        {
            for (var i = 0; i < expressions.Count; i++)
            {
                if (expressions[i] is JsonObject expression)
                {
                    ValidateRequirement(expression, $"{path}.matchExpressions[{i}]", errors);
                }
            }
        }
    }

    public static bool IsEmpty(JsonObject selector) =>
        (selector.GetObject("matchLabels")?.Count ?? 0) + (selector.GetArray("matchExpressions")?.Count ?? 0) == 0;

    /// <summary>
    /// LabelSelectorAsSelector: a missing selector selects nothing, an empty one everything; false
    /// when it cannot be converted (an unknown operator, a bad key or value).
    /// </summary>
    public static bool TryConvert(JsonObject? selector, out LabelSelector result)
    {
        result = LabelSelector.Nothing;
        if (selector is null)
        {
            return true;
        }

        if (Requirements(selector) is null)
        {
            return false;
        }

        result = LabelSelector.FromModel(new V1LabelSelector
        {
            MatchLabels = selector.GetStringMap("matchLabels"),
            MatchExpressions = [.. selector.GetArray("matchExpressions").Objects().Select(e => new V1LabelSelectorRequirement
            {
                Key = e.GetString("key") ?? string.Empty,
                OperatorProperty = e.GetString("operator") ?? string.Empty,
                Values = [.. Strings(e.GetArray("values"))],
            })],
        });
        return true;
    }

    /// <summary>The selector's String() (requirements sorted by key, "" for none); null when it cannot be converted.</summary>
    public static string? Format(JsonObject? selector) =>
        selector is null ? string.Empty
        : Requirements(selector) is { } requirements ? string.Join(",", requirements.Select(r => r.Text))
        : null;

    private static void ValidateRequirement(JsonObject expression, string path, FieldErrors errors)
    {
        var op = expression.GetString("operator") ?? string.Empty;
        var values = expression.GetArray("values");
        var count = values?.Count ?? 0;
        switch (op)
        {
            case "In" or "NotIn":
                if (count == 0)
                {
                    errors.Required(path + ".values", "must be specified when `operator` is 'In' or 'NotIn'");
                }

                break;
            case "Exists" or "DoesNotExist":
                if (count > 0)
                {
                    errors.Forbidden(path + ".values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                }

                break;
            default:
                errors.Invalid(path + ".operator", op, "not a valid selector operator");
                break;
        }

        var key = expression.GetString("key") ?? string.Empty;
        if (ObjectNames.QualifiedNameError(key) is { } keyProblem)
        {
            errors.Invalid(path + ".key", key, keyProblem);
        }

        for (var j = 0; j < count; j++)
        {
            var value = Text(values![j]);
            if (ObjectNames.LabelValueError(value) is { } valueProblem)
            {
                errors.Invalid($"{path}.values[{j}]", value, valueProblem);
            }
        }
    }

    /// <summary>The requirements as labels.Requirement prints them, sorted by key as upstream sorts them; null if one is invalid.</summary>
    private static List<(string Key, string Text)>? Requirements(JsonObject selector)
    {
        var requirements = new List<(string Key, string Text)>();
        foreach (var (key, value) in selector.GetStringMap("matchLabels"))
        {
            if (ObjectNames.QualifiedNameError(key) is not null || ObjectNames.LabelValueError(value) is not null)
            {
                return null;
            }

            requirements.Add((key, $"{key}={value}"));
        }

        foreach (var expression in selector.GetArray("matchExpressions").Objects())
        {
            var key = expression.GetString("key") ?? string.Empty;
            var values = Strings(expression.GetArray("values")).ToList();
            var text = (expression.GetString("operator"), values.Count) switch
            {
                ("In", > 0) => $"{key} in ({SortedList(values)})",
                ("NotIn", > 0) => $"{key} notin ({SortedList(values)})",
                ("Exists", 0) => key,
                ("DoesNotExist", 0) => "!" + key,
                _ => null,
            };
            if (text is null || ObjectNames.QualifiedNameError(key) is not null || values.Any(v => ObjectNames.LabelValueError(v) is not null))
            {
                return null;
            }

            requirements.Add((key, text));
        }

        return requirements.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
    }

    private static string SortedList(List<string> values) => string.Join(",", values.Order(StringComparer.Ordinal));

    private static IEnumerable<string> Strings(JsonArray? values) => values?.Select(Text) ?? [];

    private static string Text(JsonNode? value) => value is JsonValue scalar && scalar.TryGetValue<string>(out var text) ? text : string.Empty;
}
