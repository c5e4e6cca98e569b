using k8s.Models;

namespace KubeSharp.Controllers.Endpoint;

/// <summary>
/// endpoints.RepackSubsets: expands subsets to (address, port, ready) and packs them back into the
/// canonical layout, one subset per distinct set of addresses with every port they all serve, so
/// equal endpoints always compare equal. An address is identified by IP and target UID; not ready
/// on any port wins over ready. Addresses are sorted by IP then UID; ports and subsets are sorted
/// by their fields (upstream sorts those two by a hash, which only needs to be stable).
/// </summary>
internal static class SubsetRepacker
{
    // Stands in for "no ports", so headless endpoints without ports are kept.
    private static readonly PortKey NoPorts = new(string.Empty, -1, string.Empty, null);

    public static List<V1EndpointSubset> Repack(IEnumerable<V1EndpointSubset> subsets)
    {
        var addresses = new Dictionary<AddressKey, V1EndpointAddress>();
        var readyByPort = new Dictionary<PortKey, Dictionary<AddressKey, bool>>();
        var portOrder = new List<PortKey>();
        foreach (var subset in subsets)
        {
            var ports = subset.Ports is { Count: > 0 } listed ? listed.Select(PortKey.Of).ToList() : [NoPorts];
            foreach (var port in ports)
            {
                if (!readyByPort.TryGetValue(port, out var ready))
                {
                    ready = [];
                    readyByPort[port] = ready;
                    portOrder.Add(port);
                }

                Map(subset.Addresses, true, addresses, ready);
                Map(subset.NotReadyAddresses, false, addresses, ready);
            }
        }

        // Ports served by exactly the same addresses (with the same readiness) share a subset.
        var groups = new Dictionary<string, (Dictionary<AddressKey, bool> Ready, List<PortKey> Ports)>(StringComparer.Ordinal);
        foreach (var port in portOrder)
        {
            var ready = readyByPort[port];
            var signature = string.Join(";", ready.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key.Ip}|{pair.Key.Uid}|{pair.Value}"));
            if (!groups.TryGetValue(signature, out var group))
            {
                group = (ready, []);
                groups[signature] = group;
            }

            if (port.Port > 0)
            {
                group.Ports.Add(port);
            }
        }

        var result = new List<V1EndpointSubset>();
        foreach (var (ready, ports) in groups.Values)
        {
            var readyAddresses = ready.Where(pair => pair.Value).Select(pair => pair.Key).Order().Select(key => addresses[key]).ToList();
            var notReadyAddresses = ready.Where(pair => !pair.Value).Select(pair => pair.Key).Order().Select(key => addresses[key]).ToList();
            result.Add(new V1EndpointSubset
            {
                Addresses = readyAddresses.Count > 0 ? readyAddresses : null,
                NotReadyAddresses = notReadyAddresses.Count > 0 ? notReadyAddresses : null,
                Ports = ports.Count > 0 ? [.. ports.Order().Select(port => port.ToModel())] : null,
            });
        }

        result.Sort((a, b) => string.CompareOrdinal(SortKey(a), SortKey(b)));
        return result;
    }

    private static void Map(IList<V1EndpointAddress>? list, bool ready, Dictionary<AddressKey, V1EndpointAddress> addresses, Dictionary<AddressKey, bool> readiness)
    {
        foreach (var address in list ?? [])
        {
            var key = new AddressKey(address.Ip ?? string.Empty, address.TargetRef?.Uid ?? string.Empty);

            // The first copy of an address is the one kept, with its hostname, node and reference.
            addresses.TryAdd(key, address);
            if (!readiness.TryGetValue(key, out var wasReady) || wasReady)
            {
                readiness[key] = ready;
            }
        }
    }

    private static string SortKey(V1EndpointSubset subset) => string.Join(
        ";",
        (subset.Addresses ?? []).Select(a => "r" + a.Ip)
            .Concat((subset.NotReadyAddresses ?? []).Select(a => "n" + a.Ip))
            .Concat((subset.Ports ?? []).Select(p => $"p{p.Name}/{p.Port}/{p.Protocol}")));

    /// <summary>Ordered by IP bytes, then target UID (LessEndpointAddress).</summary>
    private readonly record struct AddressKey(string Ip, string Uid) : IComparable<AddressKey>
    {
        public int CompareTo(AddressKey other)
        {
            var byIp = string.CompareOrdinal(Ip, other.Ip);
            return byIp != 0 ? byIp : string.CompareOrdinal(Uid, other.Uid);
        }
    }

    /// <summary>A port as a value (v1.EndpointPort is comparable in Go and used as a map key).</summary>
    private readonly record struct PortKey(string Name, int Port, string Protocol, string? AppProtocol) : IComparable<PortKey>
    {
        public static PortKey Of(Corev1EndpointPort port) => new(port.Name ?? string.Empty, port.Port, port.Protocol ?? string.Empty, port.AppProtocol);

        public Corev1EndpointPort ToModel() => new()
        {
            Name = Name.Length > 0 ? Name : null,
            Port = Port,
            Protocol = Protocol.Length > 0 ? Protocol : null,
            AppProtocol = AppProtocol,
        };

        public int CompareTo(PortKey other)
        {
            var byName = string.CompareOrdinal(Name, other.Name);
            if (byName != 0)
            {
                return byName;
            }

            var byPort = Port.CompareTo(other.Port);
            if (byPort != 0)
            {
                return byPort;
            }

            var byProtocol = string.CompareOrdinal(Protocol, other.Protocol);
            return byProtocol != 0 ? byProtocol : string.CompareOrdinal(AppProtocol, other.AppProtocol);
        }
    }
}
