using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace KubeSharp.Api.Networking;

/// <summary>An IPv4 range such as 10.42.0.0/16, as 32-bit numbers so ranges can be split and addresses counted through.</summary>
public readonly record struct Ipv4Cidr(uint Network, int PrefixLength)
{
    /// <summary>How many addresses the range spans.</summary>
    public ulong Size => 1UL << (32 - PrefixLength);

    public uint LastAddress => (uint)(Network + Size - 1);

    /// <summary>The first address handed out: the network address is skipped unless the range is a /31 or /32.</summary>
    public uint FirstUsable => PrefixLength >= 31 ? Network : Network + 1;

    /// <summary>How many addresses can be handed out (network and broadcast excluded below /31).</summary>
    public long UsableCount => PrefixLength >= 31 ? 1L << (32 - PrefixLength) : (1L << (32 - PrefixLength)) - 2;

    /// <summary>Parses "a.b.c.d/n" (IPv4 only); host bits are cleared, as net.ParseCIDR does.</summary>
    public static bool TryParse(string? text, out Ipv4Cidr cidr)
    {
        cidr = default;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (text is null || slash <= 0
            || !IPAddress.TryParse(text.AsSpan(0, slash), out var address)
            || address.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || prefix > 32)
        {
            return false;
        }

        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        cidr = new Ipv4Cidr(ToUInt32(address) & mask, prefix);
        return true;
    }

    public static bool TryParseAddress(string? text, out uint address)
    {
        address = 0;
        if (text is null || !IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        address = ToUInt32(parsed);
        return true;
    }

    public static string Format(uint address) => string.Create(
        CultureInfo.InvariantCulture, $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Format(Network)}/{PrefixLength}");

    private static uint ToUInt32(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());
}
