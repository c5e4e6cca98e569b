using System.Net;
using System.Net.Sockets;

namespace KubeSharp.ApiServer.Registry;

/// <summary>An IPv4 CIDR such as the service range: its addresses as numbers, the first usable one (the kubernetes service's).</summary>
internal sealed record ServiceNetwork(uint Network, int PrefixLength)
{
    public uint Size => PrefixLength == 0 ? uint.MaxValue : 1u << (32 - PrefixLength);

    public static ServiceNetwork Parse(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(cidr[..slash], out var address) || address.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(cidr[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix) || prefix is < 8 or > 30)
        {
            throw new ArgumentException($"invalid IPv4 CIDR \"{cidr}\" (expected e.g. 10.43.0.0/16)");
        }

        var mask = uint.MaxValue << (32 - prefix);
        return new ServiceNetwork(ToNumber(address) & mask, prefix);
    }

    public static IPAddress FirstAddress(string cidr) => Parse(cidr).Address(1);

    public IPAddress Address(uint offset) => FromNumber(Network + offset);

    public bool Contains(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork && (ToNumber(address) & (uint.MaxValue << (32 - PrefixLength))) == Network;

    /// <summary>Offset of an address in the range (valid only if <see cref="Contains"/>).</summary>
    public uint Offset(IPAddress address) => ToNumber(address) - Network;

    public static uint ToNumber(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
    }

    private static IPAddress FromNumber(uint value) => new([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
}
