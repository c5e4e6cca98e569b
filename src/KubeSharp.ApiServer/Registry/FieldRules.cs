using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubeSharp.Api;
using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// Upstream's shared field checks (apimachinery's util/validation and the helpers of
/// pkg/apis/core/validation) over JSON values, with upstream's messages and field paths.
/// </summary>
internal static partial class FieldRules
{
    public const string ImmutableMessage = "field is immutable";
    public const string NonNegativeMessage = "must be greater than or equal to 0";
    public const string PositiveMessage = "must be greater than zero";
    public const string PortRangeMessage = "must be between 1 and 65535, inclusive";
    public const string IdRangeMessage = "must be between 0 and 2147483647, inclusive";
    public const string FileModeMessage = "must be a number between 0 and 0777 (octal), both inclusive";

    private const string ConfigMapKeyMessage = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

    /// <summary>IsDNS1123Label: as ObjectNames, but a valid subdomain with dots gets upstream's shorter message.</summary>
    public static string? Dns1123LabelProblem(string value) =>
        ObjectNames.Dns1123LabelError(value) is not null && value.Length <= ObjectNames.Dns1123LabelMaxLength && ObjectNames.Dns1123SubdomainError(value) is null
            ? "must not contain dots"
            : ObjectNames.Dns1123LabelError(value);

    public static void Dns1123Label(FieldErrors errors, string field, string value)
    {
        if (Dns1123LabelProblem(value) is { } problem)
        {
            errors.Invalid(field, value, problem);
        }
    }

    public static void Dns1123Subdomain(FieldErrors errors, string field, string value)
    {
        if (ObjectNames.Dns1123SubdomainError(value) is { } problem)
        {
            errors.Invalid(field, value, problem);
        }
    }

    /// <summary>NameIsDNSSubdomain with prefix=true (a generateName-like prefix): a trailing dash is masked, with upstream's two-character quirk.</summary>
    public static string? Dns1123SubdomainPrefixProblem(string value) =>
        ObjectNames.Dns1123SubdomainError(value.Length > 1 && value.EndsWith('-') ? value[..^2] + "a" : value);

    public static void QualifiedName(FieldErrors errors, string field, string value)
    {
        if (ObjectNames.QualifiedNameError(value) is { } problem)
        {
            errors.Invalid(field, value, problem);
        }
    }

    /// <summary>ValidateLabels: keys are qualified names, values label values; the field carries no key.</summary>
    public static void Labels(FieldErrors errors, string field, JsonNode? map)
    {
        if (map is not JsonObject labels)
        {
            return;
        }

        foreach (var (key, value) in labels.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            QualifiedName(errors, field, key);
            if (ObjectNames.LabelValueError(JsonValues.Text(value) ?? string.Empty) is { } problem)
            {
                errors.Invalid(field, JsonValues.Text(value), problem);
            }
        }
    }

    public static void NonNegative(FieldErrors errors, string field, long? value)
    {
        if (value is { } number && number < 0)
        {
            errors.Invalid(field, number, NonNegativeMessage);
        }
    }

    /// <summary>IsValidUserID / IsValidGroupID.</summary>
    public static void Id(FieldErrors errors, string field, long? value)
    {
        if (value is { } id && id is < 0 or > int.MaxValue)
        {
            errors.Invalid(field, id, IdRangeMessage);
        }
    }

    public static void Port(FieldErrors errors, string field, long? value)
    {
        if (value is not (>= 1 and <= 65535))
        {
            errors.Invalid(field, value ?? 0, PortRangeMessage);
        }
    }

    /// <summary>IsValidPortName: every problem, in upstream's order.</summary>
    public static IEnumerable<string> PortNameProblems(string name)
    {
        if (name.Length > 15)
        {
            yield return "must be no more than 15 characters";
        }

        if (!PortNameCharacters().IsMatch(name))
        {
            yield return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
        }

        if (!name.Any(char.IsAsciiLetterLower))
        {
            yield return "must contain at least one letter (a-z)";
        }

        if (name.Contains("--", StringComparison.Ordinal))
        {
            yield return "must not contain consecutive hyphens";
        }

        if (name.Length > 0 && (name[0] == '-' || name[^1] == '-'))
        {
            yield return "must not begin or end with a hyphen";
        }
    }

    /// <summary>ValidatePortNumOrName for an IntOrString: a number is a port, a string a port name.</summary>
    public static void PortNumOrName(FieldErrors errors, string field, JsonNode? port)
    {
        if (JsonValues.Text(port) is { } name)
        {
            foreach (var problem in PortNameProblems(name))
            {
                errors.Invalid(field, name, problem);
            }
        }
        else
        {
            Port(errors, field, JsonValues.Number(port));
        }
    }

    /// <summary>IsConfigMapKey: every problem, in upstream's order.</summary>
    public static IEnumerable<string> ConfigMapKeyProblems(string key)
    {
        if (key.Length > ObjectNames.Dns1123SubdomainMaxLength)
        {
            yield return $"must be no more than {ObjectNames.Dns1123SubdomainMaxLength} characters";
        }

        if (!ConfigMapKey().IsMatch(key))
        {
            yield return ConfigMapKeyMessage;
        }

        if (key == ".")
        {
            yield return "must not be '.'";
        }
        else if (key == "..")
        {
            yield return "must not be '..'";
        }
        else if (key.StartsWith("..", StringComparison.Ordinal))
        {
            yield return "must not start with '..'";
        }
    }

    /// <summary>ValidateImmutableField: the new value must equal the old one.</summary>
    public static void Immutable(FieldErrors errors, string field, JsonNode? now, JsonNode? before)
    {
        if (!JsonNode.DeepEquals(now, before))
        {
            errors.Invalid(field, JsonValues.Printable(now), ImmutableMessage);
        }
    }

    /// <summary>field.NotFound, which FieldErrors has no constructor for.</summary>
    public static void NotFound(FieldErrors errors, string field, string value, string detail = "") =>
        errors.Add(new StatusCause("FieldValueNotFound", $"Not found: {JsonSerializer.Serialize(value)}" + (detail.Length > 0 ? ": " + detail : string.Empty), field));

    /// <summary>An Invalid cause whose value is printed as given (Go's %#v of a list, map or struct).</summary>
    public static void InvalidRaw(FieldErrors errors, string field, string printedValue, string detail) =>
        errors.Add(new StatusCause("FieldValueInvalid", $"Invalid value: {printedValue}: {detail}", field));

    /// <summary>Go's %#v of a []string: <c>[]string{"a", "b"}</c>.</summary>
    public static string GoStrings(IEnumerable<string> values) => "[]string{" + string.Join(", ", values.Select(v => JsonSerializer.Serialize(v))) + "}";

    /// <summary>validateLocalDescendingPath: relative, with no ".." element.</summary>
    public static void LocalDescendingPath(FieldErrors errors, string field, string value)
    {
        if (value.StartsWith('/'))
        {
            errors.Invalid(field, value, "must be a relative path");
        }

        NoBacksteps(errors, field, value);
    }

    /// <summary>validateLocalNonReservedPath: a relative path that does not start with "..".</summary>
    public static void LocalNonReservedPath(FieldErrors errors, string field, string value)
    {
        LocalDescendingPath(errors, field, value);
        if (value.StartsWith("..", StringComparison.Ordinal) && !value.StartsWith("../", StringComparison.Ordinal))
        {
            errors.Invalid(field, value, "must not start with '..'");
        }
    }

    /// <summary>validatePathNoBacksteps.</summary>
    public static void NoBacksteps(FieldErrors errors, string field, string value)
    {
        if (HasBacksteps(value))
        {
            errors.Invalid(field, value, "must not contain '..'");
        }
    }

    public static bool HasBacksteps(string value) => value.Replace('\\', '/').Split('/').Contains("..");

    [GeneratedRegex("^[-a-z0-9]+\\z")]
    private static partial Regex PortNameCharacters();

    [GeneratedRegex("^[-._a-zA-Z0-9]+\\z")]
    private static partial Regex ConfigMapKey();
}
