using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using KubeSharp.Api;
using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Registry.Rules;

/// <summary>
/// The value formats of apimachinery's util/validation and api/validation/path that ObjectNames
/// does not cover: path segments, domain-prefixed paths, wildcard hosts, ports, IPs and CIDRs.
/// </summary>
internal static partial class FormatRules
{
    public const string PortRangeMessage = "must be between 1 and 65535, inclusive";

    private const string HttpPathFormat = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
    private const string WildcardMessage = "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    /// <summary>path.IsValidPathSegmentName: what can be one segment of a URL path (RBAC names, object references).</summary>
    public static List<string> PathSegmentNameErrors(string name)
    {
        if (name is "." or "..")
        {
            return [$"may not be '{name}'"];
        }

        return [.. new[] { "/", "%" }.Where(s => name.Contains(s, StringComparison.Ordinal)).Select(s => $"may not contain '{s}'")];
    }

    /// <summary>IsDomainPrefixedPath: "example.com/name", as Job's managedBy and an IngressClass's controller.</summary>
    public static void ValidateDomainPrefixedPath(string value, string path, FieldErrors errors)
    {
        if (value.Length == 0)
        {
            errors.Required(path);
            return;
        }

        var segments = value.Split('/', 2);
        if (segments.Length != 2 || segments[0].Length == 0 || segments[1].Length == 0)
        {
            errors.Invalid(path, value, "must be a domain-prefixed path (such as \"acme.io/foo\")");
            return;
        }

        if (ObjectNames.Dns1123SubdomainError(segments[0]) is { } hostProblem)
        {
            errors.Invalid(path, segments[0], hostProblem);
        }

        if (!HttpPath().IsMatch(segments[1]))
        {
            errors.Invalid(path, segments[1], $"Invalid path (regex used for validation is '{HttpPathFormat}')");
        }
    }

    /// <summary>IsWildcardDNS1123Subdomain ("*.example.com"); null when valid.</summary>
    public static string? WildcardDns1123SubdomainError(string value) =>
        value.Length > ObjectNames.Dns1123SubdomainMaxLength ? $"must be no more than {ObjectNames.Dns1123SubdomainMaxLength} characters"
        : WildcardSubdomain().IsMatch(value) ? null
        : WildcardMessage;

    /// <summary>IsValidPortNum; null when valid.</summary>
    public static string? PortNumberError(long port) => port is >= 1 and <= 65535 ? null : PortRangeMessage;

    /// <summary>IsValidPortName (an IANA service name), every problem in upstream's order.</summary>
    public static List<string> PortNameErrors(string name)
    {
        var problems = new List<string>();
        if (name.Length > 15)
        {
            problems.Add("must be no more than 15 characters");
        }

        if (!PortNameCharacters().IsMatch(name))
        {
            problems.Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }

        if (!name.Any(c => c is >= 'a' and <= 'z'))
        {
            problems.Add("must contain at least one letter (a-z)");
        }

        if (name.Contains("--", StringComparison.Ordinal))
        {
            problems.Add("must not contain consecutive hyphens");
        }

        if (name.Length > 0 && (name[0] == '-' || name[^1] == '-'))
        {
            problems.Add("must not begin or end with a hyphen");
        }

        return problems;
    }

    /// <summary>netutils.ParseCIDRSloppy: an address and a prefix length within its family's size; null otherwise.</summary>
    public static (byte[] Address, int Prefix)? ParseCidr(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || IpAddresses.Parse(text[..slash]) is not { } address)
        {
            return null;
        }

        var bytes = address.GetAddressBytes();
        return int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) && prefix <= bytes.Length * 8
            ? (bytes, prefix)
            : null;
    }

    /// <summary>Whether the inner network lies within the outer one and is smaller than it.</summary>
    public static bool IsStrictSubset((byte[] Address, int Prefix) outer, (byte[] Address, int Prefix) inner)
    {
        if (outer.Address.Length != inner.Address.Length || outer.Prefix >= inner.Prefix)
        {
            return false;
        }

        for (var bit = 0; bit < outer.Prefix; bit++)
        {
            var mask = 0x80 >> (bit % 8);
            if ((outer.Address[bit / 8] & mask) != (inner.Address[bit / 8] & mask))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>IsFullyQualifiedDomainName: at least two DNS labels, a trailing dot allowed.</summary>
    public static void ValidateFullyQualifiedDomainName(string name, string path, FieldErrors errors)
    {
        if (name.Length == 0)
        {
            errors.Required(path);
            return;
        }

        var trimmed = name.EndsWith('.') ? name[..^1] : name;
        if (ObjectNames.Dns1123SubdomainError(trimmed) is { } problem)
        {
            errors.Invalid(path, trimmed, problem);
            return;
        }

        var labels = trimmed.Split('.');
        if (labels.Length < 2)
        {
            errors.Invalid(path, trimmed, "should be a domain with at least two segments separated by dots");
            return;
        }

        foreach (var label in labels)
        {
            if (ObjectNames.Dns1123LabelError(label) is { } labelProblem)
            {
                errors.Invalid(path, label, labelProblem);
                return;
            }
        }
    }

    [GeneratedRegex("^" + HttpPathFormat + "\\z")]
    private static partial Regex HttpPath();

    [GeneratedRegex("^\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\z")]
    private static partial Regex WildcardSubdomain();

    [GeneratedRegex("^[-a-z0-9]+\\z")]
    private static partial Regex PortNameCharacters();

}
