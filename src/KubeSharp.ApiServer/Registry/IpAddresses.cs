using System.Globalization;
using System.Net;
using System.Net.Sockets;
using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// IP addresses and CIDRs as upstream parses them (Go's net.ParseIP in k8s.io/utils' "sloppy" form,
/// which accepts IPv4 octets with leading zeros), and the checks built on them. .NET's own parser
/// is too lenient for IPv4 ("1", "0x7f.1") and accepts zones and brackets.
/// </summary>
internal static class IpAddresses
{
    public const string InvalidMessage = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
    public const string InvalidCidrMessage = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

    public static IPAddress? Parse(string value)
    {
        if (value.Contains(':', StringComparison.Ordinal))
        {
            return value.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.')
                && IPAddress.TryParse(value, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 ? v6 : null;
        }

        var parts = value.Split('.');
        if (parts.Length != 4)
        {
            return null;
        }

        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            if (parts[i].Length is 0 or > 10 || !parts[i].All(char.IsAsciiDigit)
                || !long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var octet) || octet > 255)
            {
                return null;
            }

            bytes[i] = (byte)octet;
        }

        return new IPAddress(bytes);
    }

    /// <summary>The address as Go sees its family: an IPv4-mapped IPv6 address is IPv4.</summary>
    public static IPAddress? ParseNormalized(string value) =>
        Parse(value) is { } address && address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : Parse(value);

    /// <summary>validation.IsValidIP.</summary>
    public static void Validate(FieldErrors errors, string field, string value)
    {
        if (Parse(value) is null)
        {
            errors.Invalid(field, value, InvalidMessage);
        }
    }

    /// <summary>ValidateNonSpecialIP: addresses that make no sense as endpoints or external IPs.</summary>
    public static void NonSpecial(FieldErrors errors, string field, string value)
    {
        if (ParseNormalized(value) is not { } address)
        {
            errors.Invalid(field, value, "must be a valid IP address");
            return;
        }

        var bytes = address.GetAddressBytes();
        var v4 = address.AddressFamily == AddressFamily.InterNetwork;
        if (bytes.All(b => b == 0))
        {
            errors.Invalid(field, value, $"may not be unspecified ({value})");
        }

        if (IPAddress.IsLoopback(address))
        {
            errors.Invalid(field, value, "may not be in the loopback range (127.0.0.0/8, ::1/128)");
        }

        if (v4 ? bytes[0] == 169 && bytes[1] == 254 : bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80)
        {
            errors.Invalid(field, value, "may not be in the link-local range (169.254.0.0/16, fe80::/10)");
        }

        if (v4 ? bytes[0] == 224 && bytes[1] == 0 && bytes[2] == 0 : bytes[0] == 0xff && (bytes[1] & 0x0f) == 0x02)
        {
            errors.Invalid(field, value, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)");
        }
    }

    /// <summary>net.ParseCIDR (sloppy): an address, '/', and a prefix length that fits its family.</summary>
    public static bool IsValidCidr(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || Parse(value[..slash]) is not { } address)
        {
            return false;
        }

        var prefix = value[(slash + 1)..];
        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        return prefix.Length is > 0 and <= 3 && prefix.All(char.IsAsciiDigit)
            && int.Parse(prefix, NumberStyles.None, CultureInfo.InvariantCulture) <= max;
    }

    /// <summary>The family of a valid address ("IPv4" or "IPv6"), as a Service's ipFamilies names it.</summary>
    public static string? Family(string value) => ParseNormalized(value)?.AddressFamily switch
    {
        AddressFamily.InterNetwork => "IPv4",
        AddressFamily.InterNetworkV6 => "IPv6",
        _ => null,
    };
}
