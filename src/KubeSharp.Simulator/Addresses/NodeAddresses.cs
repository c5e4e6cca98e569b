using KubeSharp.Api.Networking;
namespace KubeSharp.Simulator.Addresses;

/// <summary>
/// Simulated nodes' InternalIPs: 10.255.0.0/16 by node index (10.255.0.1 for node 0). They are data
/// only, never routed or bound, so they need not exist anywhere.
/// </summary>
internal static class NodeAddresses
{
    /// <summary>How many nodes the range numbers (network and broadcast addresses excluded).</summary>
    public const int MaxNodes = 65534;

    private const uint Network = (10u << 24) | (255u << 16);

    public static string InternalIp(int index) =>
        index is >= 0 and < MaxNodes ? Ipv4Cidr.Format(Network + (uint)index + 1) : throw new ArgumentOutOfRangeException(nameof(index));
}
