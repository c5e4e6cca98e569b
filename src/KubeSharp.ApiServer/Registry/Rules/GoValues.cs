using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;

namespace KubeSharp.ApiServer.Registry.Rules;

/// <summary>
/// Go's <c>%#v</c> of the values upstream puts in field errors (label maps, selectors,
/// IntOrString), so those causes read as upstream's. Values Go would print as structs holding
/// pointers (which it shows as addresses) are shown as compact JSON instead.
/// </summary>
internal static class GoValues
{
    public static void Invalid(FieldErrors errors, string field, string rendered, string detail) =>
        errors.Add(new StatusCause("FieldValueInvalid", detail.Length == 0 ? $"Invalid value: {rendered}" : $"Invalid value: {rendered}: {detail}", field));

    /// <summary>field.Invalid with field.OmitValueType: the cause names no value.</summary>
    public static void InvalidWithoutValue(FieldErrors errors, string field, string detail) =>
        errors.Add(new StatusCause("FieldValueInvalid", $"Invalid value: {detail}", field));

    public static void NotSupported(FieldErrors errors, string field, string rendered, params string[] supported) =>
        errors.Add(new StatusCause("FieldValueNotSupported", $"Unsupported value: {rendered}: supported values: {string.Join(", ", supported.Select(Quote))}", field));

    /// <summary>strconv.Quote: double quotes, with quotes, backslashes and control characters escaped.</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case < ' ' or '\u007f':
                    builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>A field's value as Go prints it: strings quoted, numbers and booleans bare, nil as "null", anything else as JSON.</summary>
    public static string Value(JsonNode? value) => value switch
    {
        null => "\"null\"",
        JsonValue scalar when scalar.TryGetValue<string>(out var text) => Quote(text),
        _ => value.ToJsonString(),
    };

    /// <summary>map[string]string, keys sorted as fmt prints maps.</summary>
    public static string StringMap(JsonObject? map)
    {
        if (map is null)
        {
            return "map[string]string(nil)";
        }

        var entries = map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{Quote(p.Key)}:{Value(p.Value)}");
        return $"map[string]string{{{string.Join(", ", entries)}}}";
    }

    public static string StringSlice(JsonArray? values) =>
        values is null ? "[]string(nil)" : $"[]string{{{string.Join(", ", values.Select(Value))}}}";

    public static string IntOrString(JsonNode? value) =>
        value is JsonValue scalar && scalar.TryGetValue<string>(out var text)
            ? $"intstr.IntOrString{{Type:1, IntVal:0, StrVal:{Quote(text)}}}"
            : $"intstr.IntOrString{{Type:0, IntVal:{value?.ToJsonString() ?? "0"}, StrVal:\"\"}}";

    /// <summary>A metav1.LabelSelector as upstream prints it (the internal type lives in package v1).</summary>
    public static string LabelSelector(JsonObject? selector)
    {
        if (selector is null)
        {
            return "\"null\"";
        }

        var expressions = selector.GetArray("matchExpressions") is { } list
            ? $"[]v1.LabelSelectorRequirement{{{string.Join(", ", list.Objects().Select(Requirement))}}}"
            : "[]v1.LabelSelectorRequirement(nil)";
        return $"v1.LabelSelector{{MatchLabels:{StringMap(selector.GetObject("matchLabels"))}, MatchExpressions:{expressions}}}";
    }

    /// <summary>A pointer field inside a printed struct: Go shows a set one as its address, which we elide.</summary>
    public static string Pointer(string type, bool present) => present ? $"&{type}{{...}}" : $"(*{type})(nil)";

    private static string Requirement(JsonObject requirement) =>
        $"v1.LabelSelectorRequirement{{Key:{Quote(requirement.GetString("key") ?? string.Empty)}, Operator:{Quote(requirement.GetString("operator") ?? string.Empty)}, Values:{StringSlice(requirement.GetArray("values"))}}}";
}
