using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace KubeSharp.Dns.Records;

/// <summary>The names Kubernetes DNS derives from IP addresses, and the strict parsing of addresses in names.</summary>
internal static class Addresses
{
    public const string ReverseV4Zone = "in-addr.arpa";
    public const string ReverseV6Zone = "ip6.arpa";

    private const string HexDigits = "0123456789abcdef";

    /// <summary>"d.c.b.a.in-addr.arpa", or the 32 reversed nibbles of an IPv6 address under ip6.arpa (RFC 1035 3.5, RFC 3596 2.5).</summary>
    public static string ReverseName(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (bytes.Length == 4)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{bytes[3]}.{bytes[2]}.{bytes[1]}.{bytes[0]}.{ReverseV4Zone}");
        }

        return string.Create(bytes.Length * 4 + ReverseV6Zone.Length, bytes, static (text, bytes) =>
        {
            var position = 0;
            for (var i = bytes.Length - 1; i >= 0; i--)
            {
                text[position++] = HexDigits[bytes[i] & 0xF];
                text[position++] = '.';
                text[position++] = HexDigits[bytes[i] >> 4];
                text[position++] = '.';
            }

            ReverseV6Zone.CopyTo(text[position..]);
        });
    }

    /// <summary>
    /// An endpoint's name when it has no hostname (CoreDNS's endpointHostname): the address with its
    /// dots or colons as dashes, "0" added when an IPv6 address ends in "::".
    /// </summary>
    public static string DashedName(IPAddress address)
    {
        var text = address.ToString();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return text.Replace('.', '-');
        }

        var dashed = text.Replace(':', '-');
        return dashed.EndsWith('-') ? dashed + "0" : dashed;
    }

    /// <summary>
    /// The address a pod name such as "10-42-0-5" or "fd00-42--5" stands for (CoreDNS's findPods:
    /// three dashes and no "--" are an IPv4 address, anything else is tried as IPv6). Writes it to
    /// <paramref name="address"/> and returns its length (4 or 16), or 0 if it is no address.
    /// </summary>
    public static int TryParseDashed(ReadOnlySpan<char> name, Span<byte> address)
    {
        if (name.Count('-') == 3 && !name.Contains("--", StringComparison.Ordinal))
        {
            return TryParseQuad(name, '-', address) ? 4 : 0;
        }

        if (name.IsEmpty || name.Length > 63)
        {
            return 0;
        }

        Span<char> text = stackalloc char[63];
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '-')
            {
                text[i] = ':';
            }
            else if (char.IsAsciiHexDigit(c))
            {
                text[i] = c;
            }
            else
            {
                return 0;
            }
        }

        return IPAddress.TryParse(text[..name.Length], out var parsed)
            && parsed.AddressFamily == AddressFamily.InterNetworkV6
            && parsed.TryWriteBytes(address, out var written) ? written : 0;
    }

    /// <summary>Whether <paramref name="text"/> is an address as Go's net.ParseIP reads one (no octal, no short forms).</summary>
    public static bool IsAddress(string text)
    {
        Span<byte> address = stackalloc byte[4];
        return TryParseQuad(text, '.', address) || (text.Contains(':', StringComparison.Ordinal) && IPAddress.TryParse(text, out _));
    }

    /// <summary>Four decimal octets, 0-255, without leading zeros, split by <paramref name="separator"/>.</summary>
    private static bool TryParseQuad(ReadOnlySpan<char> text, char separator, Span<byte> address)
    {
        var octet = 0;
        foreach (var range in text.Split(separator))
        {
            var part = text[range];
            if (octet == 4 || part.IsEmpty || part.Length > 3 || (part.Length > 1 && part[0] == '0')
                || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 255)
            {
                return false;
            }

            address[octet++] = (byte)value;
        }

        return octet == 4;
    }
}
