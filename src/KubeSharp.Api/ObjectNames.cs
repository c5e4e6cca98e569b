using System.Text.RegularExpressions;

namespace KubeSharp.Api;

/// <summary>
/// Name and label syntax of k8s.io/apimachinery/pkg/util/validation, with upstream's messages.
/// Each method returns null when the value is valid, else the problem.
/// </summary>
public static partial class ObjectNames
{
    public const int Dns1123LabelMaxLength = 63;
    public const int Dns1123SubdomainMaxLength = 253;
    public const int QualifiedNameMaxLength = 63;
    public const int LabelValueMaxLength = 63;

    private const string Dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123SubdomainFormat = Dns1123LabelFormat + "(\\." + Dns1123LabelFormat + ")*";
    private const string Dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private const string QualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string LabelValueFormat = "(" + QualifiedNameFormat + ")?";

    public static string? Dns1123LabelError(string value)
    {
        if (value.Length > Dns1123LabelMaxLength)
        {
            return $"must be no more than {Dns1123LabelMaxLength} characters";
        }

        return Dns1123Label().IsMatch(value)
            ? null
            : $"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '{Dns1123LabelFormat}')";
    }

    public static string? Dns1123SubdomainError(string value)
    {
        if (value.Length > Dns1123SubdomainMaxLength)
        {
            return $"must be no more than {Dns1123SubdomainMaxLength} characters";
        }

        return Dns1123Subdomain().IsMatch(value)
            ? null
            : $"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '{Dns1123SubdomainFormat}')";
    }

    public static string? Dns1035LabelError(string value)
    {
        if (value.Length > Dns1123LabelMaxLength)
        {
            return $"must be no more than {Dns1123LabelMaxLength} characters";
        }

        return Dns1035Label().IsMatch(value)
            ? null
            : $"a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '{Dns1035LabelFormat}')";
    }

    /// <summary>A label or annotation key: optional DNS-1123 subdomain prefix and '/', then a name.</summary>
    public static string? QualifiedNameError(string value)
    {
        var name = value;
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (value.IndexOf('/', slash + 1) >= 0)
            {
                return $"a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '{QualifiedNameFormat}') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
            }

            var prefix = value[..slash];
            name = value[(slash + 1)..];
            if (prefix.Length == 0)
            {
                return "prefix part must be non-empty";
            }

            if (Dns1123SubdomainError(prefix) is { } prefixProblem)
            {
                return "prefix part " + prefixProblem;
            }
        }

        if (name.Length == 0)
        {
            return "name part must be non-empty";
        }

        if (name.Length > QualifiedNameMaxLength)
        {
            return $"name part must be no more than {QualifiedNameMaxLength} characters";
        }

        return QualifiedName().IsMatch(name)
            ? null
            : $"name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '{QualifiedNameFormat}')";
    }

    public static string? LabelValueError(string value)
    {
        if (value.Length > LabelValueMaxLength)
        {
            return $"must be no more than {LabelValueMaxLength} characters";
        }

        return LabelValue().IsMatch(value)
            ? null
            : $"a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '{LabelValueFormat}')";
    }

    [GeneratedRegex("^" + Dns1123LabelFormat + "$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("^" + Dns1123SubdomainFormat + "$")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^" + Dns1035LabelFormat + "$")]
    private static partial Regex Dns1035Label();

    [GeneratedRegex("^" + QualifiedNameFormat + "$")]
    private static partial Regex QualifiedName();

    [GeneratedRegex("^" + LabelValueFormat + "$")]
    private static partial Regex LabelValue();
}
