using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using k8s.Models;

namespace KubeSharp.Kubelet.Nodes;

/// <summary>
/// status.addresses: InternalIP and Hostname. The InternalIP is <c>--node-ip</c> when given, else
/// the IPv4 address of the interface that holds the default route (as upstream's
/// ChooseHostInterface), else the first IPv4 address of an interface that is up and not loopback,
/// else 127.0.0.1.
/// </summary>
internal static class NodeAddresses
{
    public const string Loopback = "127.0.0.1";

    // /proc/net/route columns.
    private const int IfaceColumn = 0;
    private const int DestinationColumn = 1;
    private const int FlagsColumn = 3;
    private const int MetricColumn = 6;
    private const int MaskColumn = 7;
    private const int RouteUp = 0x1;

    private static readonly char[] RouteSeparators = ['\t', ' '];

    public static List<V1NodeAddress> For(string nodeName, string internalIp) =>
    [
        new V1NodeAddress { Type = "InternalIP", Address = internalIp },
        new V1NodeAddress { Type = "Hostname", Address = nodeName },
    ];

    /// <summary>The InternalIP to report, looking at this network namespace's routes and interfaces when no node IP is given.</summary>
    public static string InternalIp(string? nodeIp) =>
        !string.IsNullOrEmpty(nodeIp) ? nodeIp : Choose(HostFiles.TryRead("/proc/net/route"), HostAddresses());

    /// <summary>The pick from a /proc/net/route text (null if unreadable) and the interfaces' IPv4 addresses.</summary>
    internal static string Choose(string? routeTable, IReadOnlyList<InterfaceAddress> addresses)
    {
        var usable = addresses.Where(a => a.IsUp && !a.IsLoopback && !IsLinkLocal(a.Address)).ToList();
        if (routeTable is not null && DefaultRouteInterface(routeTable) is { } routeInterface
            && usable.FirstOrDefault(a => a.Interface == routeInterface) is { } viaDefault)
        {
            return viaDefault.Address.ToString();
        }

        return usable.Count > 0 ? usable[0].Address.ToString() : Loopback;
    }

    /// <summary>The interface of the up IPv4 default route with the lowest metric in /proc/net/route text; null if there is none.</summary>
    internal static string? DefaultRouteInterface(string routeTable)
    {
        string? best = null;
        var bestMetric = long.MaxValue;
        foreach (var line in routeTable.Split('\n').Skip(1))
        {
            var fields = line.Split(RouteSeparators, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length <= MaskColumn
                || fields[DestinationColumn] != "00000000"
                || fields[MaskColumn] != "00000000"
                || !int.TryParse(fields[FlagsColumn], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var flags)
                || (flags & RouteUp) == 0
                || !long.TryParse(fields[MetricColumn], NumberStyles.None, CultureInfo.InvariantCulture, out var metric))
            {
                continue;
            }

            if (metric < bestMetric)
            {
                best = fields[IfaceColumn];
                bestMetric = metric;
            }
        }

        return best;
    }

    private static List<InterfaceAddress> HostAddresses()
    {
        var addresses = new List<InterfaceAddress>();
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                // Bridges and virtual links often say Unknown; only a link reported down is skipped.
                var up = nic.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown;
                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    if (unicast.Address.AddressFamily == AddressFamily.InterNetwork)
                    {
                        var loopback = nic.NetworkInterfaceType == NetworkInterfaceType.Loopback || IPAddress.IsLoopback(unicast.Address);
                        addresses.Add(new InterfaceAddress(nic.Name, unicast.Address, up, loopback));
                    }
                }
            }
        }
        catch (NetworkInformationException)
        {
            return [];
        }

        return addresses;
    }

    private static bool IsLinkLocal(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return bytes.Length == 4 && bytes[0] == 169 && bytes[1] == 254;
    }
}
