using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Registry.Rules;

/// <summary>intstr.IntOrString fields holding a count or a percentage (maxSurge, minAvailable...), as apps validation checks them.</summary>
internal static partial class IntOrPercent
{
    public const string PercentMessage = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

    /// <summary>getPercentValue: the number of a valid percent string, else null.</summary>
    public static long? Percent(JsonNode? value) =>
        value is JsonValue scalar && scalar.TryGetValue<string>(out var text) && PercentPattern().IsMatch(text)
            && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    /// <summary>getIntOrPercentValue: a percentage's number, else IntValue() (a string's integer, 0 when it has none).</summary>
    public static long Value(JsonNode? value)
    {
        if (Percent(value) is { } percent)
        {
            return percent;
        }

        if (value is JsonValue scalar && scalar.TryGetValue<string>(out var text))
        {
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        }

        return NumberRules.Long(value) ?? 0;
    }

    /// <summary>ValidatePositiveIntOrPercent; an absent value is Go's zero Int, which passes.</summary>
    public static void ValidatePositive(JsonNode? value, string path, FieldErrors errors)
    {
        if (value is JsonValue scalar && scalar.TryGetValue<string>(out var text))
        {
            if (!PercentPattern().IsMatch(text))
            {
                GoValues.Invalid(errors, path, GoValues.IntOrString(value), PercentMessage);
            }
        }
        else if (NumberRules.Long(value) is { } number)
        {
            if (number < 0)
            {
                errors.Invalid(path, number, NumberRules.IsNegative);
            }
        }
        else if (value is not null)
        {
            // Upstream's message really has the doubled percent sign (a non-format string).
            GoValues.Invalid(errors, path, GoValues.IntOrString(value), "must be an integer or percentage (e.g '5%%')");
        }
    }

    /// <summary>IsNotMoreThan100Percent.</summary>
    public static void ValidateNotMoreThan100Percent(JsonNode? value, string path, FieldErrors errors)
    {
        if (Percent(value) > 100)
        {
            GoValues.Invalid(errors, path, GoValues.IntOrString(value), "must not be greater than 100%");
        }
    }

    /// <summary>IntOrString.String(), as tables print it.</summary>
    public static string Text(JsonNode? value) =>
        value is JsonValue scalar && scalar.TryGetValue<string>(out var text) ? text : value?.ToJsonString() ?? "0";

    [GeneratedRegex("^[0-9]+%\\z")]
    private static partial Regex PercentPattern();
}
