using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace KubeSharp.Controllers.NodeIpam;

/// <summary>An IPv4 range such as 10.42.0.0/16, as 32-bit numbers so ranges can be split and compared.</summary>
internal readonly record struct Ipv4Cidr(uint Network, int PrefixLength)
{
    /// <summary>How many addresses the range spans.</summary>
    public ulong Size => 1UL << (32 - PrefixLength);

    public uint LastAddress => (uint)(Network + Size - 1);

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
        cidr = new Ipv4Cidr(BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes()) & mask, prefix);
        return true;
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture, $"{Network >> 24}.{(Network >> 16) & 0xFF}.{(Network >> 8) & 0xFF}.{Network & 0xFF}/{PrefixLength}");
}
