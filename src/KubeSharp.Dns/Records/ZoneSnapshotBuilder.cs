using System.Net;
using System.Net.Sockets;
using k8s.Models;
using KubeSharp.Dns.Wire;

namespace KubeSharp.Dns.Records;

/// <summary>
/// Builds a <see cref="ZoneSnapshot"/> from Services, EndpointSlices and namespaces, with the
/// records CoreDNS's kubernetes plugin serves for them (kubernetes/dns docs/specification.md):
/// <list type="bullet">
/// <item>&lt;svc&gt;.&lt;ns&gt;.svc.&lt;zone&gt;: a ClusterIP Service's cluster IPs (A/AAAA); a headless
/// Service's ready endpoint addresses (none: the name does not exist); an ExternalName's CNAME.</item>
/// <item>&lt;endpoint&gt;.&lt;svc&gt;.&lt;ns&gt;.svc.&lt;zone&gt; for every ready endpoint: its hostname, or its
/// address with dashes (CoreDNS serves these for ClusterIP Services' endpoints too).</item>
/// <item>SRV at the Service name (every port), at _&lt;port&gt;._&lt;proto&gt;.&lt;svc&gt;... (named ports) and
/// at endpoint names; priority 0, weight 100/n (n = the address × port pairs before duplicates are
/// dropped, at least 1), targets' addresses ready for the additional section.</item>
/// <item>PTR for cluster IPs (the first Service in namespace/name order wins) and, for addresses
/// that are no cluster IP, every endpoint name they have.</item>
/// <item>The apex, svc, pod, &lt;ns&gt;.svc and &lt;ns&gt;.pod as empty non-terminals, ns.dns.&lt;zone&gt;
/// with the DNS Service's address, and dns-version.&lt;zone&gt; TXT "1.1.0".</item>
/// </list>
/// Pod names (a-b-c-d.&lt;ns&gt;.pod.&lt;zone&gt;) are not stored: any well-formed one in an existing
/// namespace is answered (CoreDNS "pods insecure").
/// </summary>
internal sealed class ZoneSnapshotBuilder
{
    /// <summary>The schema version of the Kubernetes DNS specification served as dns-version.&lt;zone&gt;.</summary>
    public const string SchemaVersion = "1.1.0";

    public const string ServiceNameLabel = "kubernetes.io/service-name";

    private const string DefaultProtocol = "TCP";

    private readonly string _zone;
    private readonly Dictionary<string, NodeBuilder> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _wire = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _clusterIpNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _endpointNames = new(StringComparer.Ordinal);

    private ZoneSnapshotBuilder(string zone)
    {
        _zone = zone;
    }

    public static ZoneSnapshot Build(DnsOptions options, IEnumerable<V1Service> services, IEnumerable<V1EndpointSlice> slices, IEnumerable<string> namespaces, uint serial)
    {
        var builder = new ZoneSnapshotBuilder(options.Zone);
        return builder.Run(options, services, slices, namespaces, serial);
    }

    private ZoneSnapshot Run(DnsOptions options, IEnumerable<V1Service> services, IEnumerable<V1EndpointSlice> slices, IEnumerable<string> namespaces, uint serial)
    {
        Node(_zone);
        Node("svc." + _zone);
        Node("pod." + _zone);
        Node("dns-version." + _zone).Txt = [(byte)SchemaVersion.Length, .. SchemaVersion.Select(c => (byte)c)];
        var nameServer = Node("ns.dns." + _zone);
        if (options.DnsServiceIp is { } dnsServiceIp && IPAddress.TryParse(dnsServiceIp, out var address))
        {
            nameServer.AddAddress(address);
        }

        var sorted = services
            .Where(service => !string.IsNullOrEmpty(service.Metadata?.Name) && !string.IsNullOrEmpty(service.Metadata.NamespaceProperty) && service.Spec is not null)
            .OrderBy(service => service.Metadata.NamespaceProperty, StringComparer.Ordinal)
            .ThenBy(service => service.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        var namespaceSet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in namespaces.Concat(sorted.Select(service => service.Metadata.NamespaceProperty)))
        {
            var ns = name.ToLowerInvariant();
            if (namespaceSet.Add(ns) && DnsName.TryEncode($"{ns}.pod.{_zone}") is not null)
            {
                Node($"{ns}.svc.{_zone}");
                Node($"{ns}.pod.{_zone}");
            }
        }

        var slicesByService = GroupSlices(slices);
        foreach (var service in sorted)
        {
            var key = (service.Metadata.NamespaceProperty, service.Metadata.Name);
            AddService(service, slicesByService.GetValueOrDefault(key) ?? []);
        }

        AddReverseNames();
        var nodes = new Dictionary<string, ZoneNode>(_nodes.Count, StringComparer.Ordinal);
        foreach (var (name, node) in _nodes)
        {
            nodes[name] = node.Freeze();
        }

        return new ZoneSnapshot(_zone, options.TtlSeconds, serial, nodes, namespaceSet);
    }

    private static Dictionary<(string Namespace, string Service), List<V1EndpointSlice>> GroupSlices(IEnumerable<V1EndpointSlice> slices)
    {
        var groups = new Dictionary<(string, string), List<V1EndpointSlice>>();
        foreach (var slice in slices.OrderBy(slice => slice.Metadata?.Name, StringComparer.Ordinal))
        {
            if (slice.Metadata?.NamespaceProperty is not { Length: > 0 } ns
                || slice.Metadata.Labels is null
                || !slice.Metadata.Labels.TryGetValue(ServiceNameLabel, out var service)
                || string.IsNullOrEmpty(service))
            {
                continue;
            }

            if (!groups.TryGetValue((ns, service), out var list))
            {
                list = [];
                groups[(ns, service)] = list;
            }

            list.Add(slice);
        }

        return groups;
    }

    private void AddService(V1Service service, List<V1EndpointSlice> slices)
    {
        var serviceName = $"{service.Metadata.Name}.{service.Metadata.NamespaceProperty}.svc.{_zone}".ToLowerInvariant();
        if (DnsName.TryEncode(serviceName) is null)
        {
            return;
        }

        var spec = service.Spec;
        if (spec.Type == "ExternalName")
        {
            AddExternalName(serviceName, spec.ExternalName);
            return;
        }

        var endpoints = ReadyEndpoints(serviceName, slices, spec.PublishNotReadyAddresses == true);
        if (IsHeadless(spec))
        {
            AddHeadless(serviceName, endpoints);
        }
        else
        {
            AddClusterIp(serviceName, spec);
        }

        AddEndpointNames(endpoints);
    }

    private static bool IsHeadless(V1ServiceSpec spec) =>
        spec.ClusterIP == "None" || spec.ClusterIPs is ["None", ..];

    /// <summary>A CNAME to the external name; none to an address, as CoreDNS serves none.</summary>
    private void AddExternalName(string serviceName, string? externalName)
    {
        var target = externalName?.TrimEnd('.').ToLowerInvariant();
        if (string.IsNullOrEmpty(target) || Addresses.IsAddress(target) || DnsName.TryEncode(target) is not { } wire)
        {
            return;
        }

        var node = Node(serviceName);
        node.Cname = wire;
        node.CnameKey = DnsName.IsAtOrUnder(target, _zone) ? target : null;
    }

    private void AddClusterIp(string serviceName, V1ServiceSpec spec)
    {
        var clusterIps = new List<IPAddress>();
        IList<string> texts = spec.ClusterIPs is { Count: > 0 } list ? list : [spec.ClusterIP];
        foreach (var text in texts)
        {
            if (IPAddress.TryParse(text, out var address))
            {
                clusterIps.Add(address);
            }
        }

        if (clusterIps.Count == 0)
        {
            // Not allocated yet: nothing to say.
            return;
        }

        var node = Node(serviceName);
        foreach (var address in clusterIps)
        {
            node.AddAddress(address);
            _clusterIpNames.TryAdd(Addresses.ReverseName(address), serviceName);
        }

        var pairs = new List<SrvPair>();
        foreach (var port in spec.Ports ?? [])
        {
            var servicePort = new PortEntry((port.Name ?? string.Empty).ToLowerInvariant(), (port.Protocol ?? DefaultProtocol).ToLowerInvariant(), port.Port);
            foreach (var address in clusterIps)
            {
                pairs.Add(new SrvPair(serviceName, servicePort, address));
            }
        }

        AddSrv(node, pairs);
        AddNamedPortSrv(serviceName, pairs);
    }

    private void AddHeadless(string serviceName, List<EndpointGroup> endpoints)
    {
        if (endpoints.All(group => group.Endpoints.Count == 0))
        {
            // No ready endpoint: the name does not exist (specification 2.4.1).
            return;
        }

        var node = Node(serviceName);
        var pairs = new List<SrvPair>();
        foreach (var group in endpoints)
        {
            foreach (var endpoint in group.Endpoints)
            {
                node.AddAddress(endpoint.Address);
                foreach (var port in group.Ports)
                {
                    pairs.Add(new SrvPair(endpoint.Name, port, endpoint.Address));
                }
            }
        }

        AddSrv(node, pairs);
        AddNamedPortSrv(serviceName, pairs);
    }

    /// <summary>Names for each endpoint (A/AAAA, SRV for its ports) and their reverse names.</summary>
    private void AddEndpointNames(List<EndpointGroup> endpoints)
    {
        var pairsByName = new Dictionary<string, List<SrvPair>>(StringComparer.Ordinal);
        foreach (var group in endpoints)
        {
            foreach (var endpoint in group.Endpoints)
            {
                Node(endpoint.Name).AddAddress(endpoint.Address);
                var reverse = Addresses.ReverseName(endpoint.Address);
                if (!_endpointNames.TryGetValue(reverse, out var names))
                {
                    names = [];
                    _endpointNames[reverse] = names;
                }

                if (!names.Contains(endpoint.Name))
                {
                    names.Add(endpoint.Name);
                }

                if (!pairsByName.TryGetValue(endpoint.Name, out var pairs))
                {
                    pairs = [];
                    pairsByName[endpoint.Name] = pairs;
                }

                foreach (var port in group.Ports)
                {
                    pairs.Add(new SrvPair(endpoint.Name, port, endpoint.Address));
                }
            }
        }

        foreach (var (name, pairs) in pairsByName)
        {
            AddSrv(Node(name), pairs);
        }
    }

    /// <summary>_&lt;port&gt;._&lt;proto&gt;.&lt;service&gt; for every named port, with the pairs of that port.</summary>
    private void AddNamedPortSrv(string serviceName, List<SrvPair> pairs)
    {
        foreach (var port in pairs.Select(pair => pair.Port).Where(port => port.Name.Length > 0).Distinct())
        {
            var name = $"_{port.Name}._{port.Protocol}.{serviceName}";
            if (DnsName.TryEncode(name) is not null)
            {
                AddSrv(Node(name), [.. pairs.Where(pair => pair.Port == port)]);
            }
        }
    }

    /// <summary>
    /// CoreDNS's SRV: every pair weighs 100/n, n counting all pairs (port-less ones and duplicates
    /// too); a port-less pair gives no record; a target and port, or a target and address, once.
    /// </summary>
    private void AddSrv(NodeBuilder node, List<SrvPair> pairs)
    {
        if (pairs.Count == 0)
        {
            return;
        }

        var weight = (ushort)Math.Max(1, 100 / pairs.Count);
        var records = new HashSet<(string, int)>();
        var additional = new HashSet<(string, IPAddress)>();
        foreach (var pair in pairs)
        {
            if (pair.Port.Number is < 0 or > ushort.MaxValue)
            {
                continue;
            }

            if (records.Add((pair.Target, pair.Port.Number)))
            {
                node.AddSrv(new SrvRecord(0, weight, (ushort)pair.Port.Number, Wire(pair.Target)));
            }

            if (additional.Add((pair.Target, pair.Address)))
            {
                node.AddSrvAdditional(new AddressRecord(Wire(pair.Target), pair.Address.GetAddressBytes()));
            }
        }
    }

    /// <summary>
    /// The ready endpoints of a Service's IPv4 and IPv6 slices, one group per slice with its ports
    /// (a slice without ports has the port-less entry CoreDNS uses). Ready means conditions.ready
    /// true or unset; with publishNotReadyAddresses every endpoint counts. Endpoints whose name
    /// would not be a valid DNS name are left out.
    /// </summary>
    private static List<EndpointGroup> ReadyEndpoints(string serviceName, List<V1EndpointSlice> slices, bool publishNotReady)
    {
        var groups = new List<EndpointGroup>();
        foreach (var slice in slices)
        {
            if (slice.AddressType is not ("IPv4" or "IPv6"))
            {
                continue;
            }

            List<PortEntry> ports = slice.Ports is { Count: > 0 } slicePorts
                ? [.. slicePorts.Select(port => new PortEntry((port.Name ?? string.Empty).ToLowerInvariant(), (port.Protocol ?? DefaultProtocol).ToLowerInvariant(), port.Port ?? -1))]
                : [PortEntry.None];
            var endpoints = new List<ReadyEndpoint>();
            foreach (var endpoint in slice.Endpoints ?? [])
            {
                if (!publishNotReady && endpoint.Conditions?.Ready == false)
                {
                    continue;
                }

                foreach (var text in endpoint.Addresses ?? [])
                {
                    if (!IPAddress.TryParse(text, out var address) || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
                    {
                        continue;
                    }

                    var hostname = string.IsNullOrEmpty(endpoint.Hostname) ? Addresses.DashedName(address) : endpoint.Hostname.ToLowerInvariant();
                    var name = $"{hostname}.{serviceName}";
                    if (hostname.Length <= DnsName.MaxLabelLength && !hostname.Contains('.', StringComparison.Ordinal) && DnsName.TryEncode(name) is not null)
                    {
                        endpoints.Add(new ReadyEndpoint(address, name));
                    }
                }
            }

            groups.Add(new EndpointGroup(endpoints, ports));
        }

        return groups;
    }

    /// <summary>PTR records: a cluster IP names its Service only; any other endpoint address every endpoint name it has.</summary>
    private void AddReverseNames()
    {
        foreach (var (reverse, name) in _clusterIpNames)
        {
            ReverseNode(reverse).AddPtr(Wire(name));
        }

        foreach (var (reverse, names) in _endpointNames)
        {
            if (_clusterIpNames.ContainsKey(reverse))
            {
                continue;
            }

            var node = ReverseNode(reverse);
            foreach (var name in names)
            {
                node.AddPtr(Wire(name));
            }
        }
    }

    /// <summary>The node of a name in the zone, made with every missing ancestor (empty non-terminals) up to the apex.</summary>
    private NodeBuilder Node(string name)
    {
        if (_nodes.TryGetValue(name, out var node))
        {
            return node;
        }

        node = new NodeBuilder();
        _nodes[name] = node;
        var parent = name;
        while (parent.Length > _zone.Length && parent.IndexOf('.', StringComparison.Ordinal) is var dot and >= 0)
        {
            parent = parent[(dot + 1)..];
            if (!_nodes.TryAdd(parent, new NodeBuilder()))
            {
                break;
            }
        }

        return node;
    }

    /// <summary>A reverse name's node; the reverse zones' intermediate names are not served.</summary>
    private NodeBuilder ReverseNode(string name)
    {
        if (!_nodes.TryGetValue(name, out var node))
        {
            node = new NodeBuilder();
            _nodes[name] = node;
        }

        return node;
    }

    /// <summary>The wire form of a name known to be valid, shared by every record that holds it.</summary>
    private byte[] Wire(string name)
    {
        if (!_wire.TryGetValue(name, out var wire))
        {
            wire = DnsName.Encode(name);
            _wire[name] = wire;
        }

        return wire;
    }

    /// <summary>A port of a Service or slice; lower-case name and protocol; number -1 for a slice without ports.</summary>
    private readonly record struct PortEntry(string Name, string Protocol, int Number)
    {
        public static readonly PortEntry None = new(string.Empty, string.Empty, -1);
    }

    /// <summary>A ready endpoint address and the name it has (its hostname or dashed address under the Service).</summary>
    private readonly record struct ReadyEndpoint(IPAddress Address, string Name);

    /// <summary>The endpoints of one slice, with that slice's ports (CoreDNS's EndpointSubset).</summary>
    private sealed record EndpointGroup(List<ReadyEndpoint> Endpoints, List<PortEntry> Ports);

    /// <summary>An address and port pair behind an SRV record, with the name that has the address.</summary>
    private readonly record struct SrvPair(string Target, PortEntry Port, IPAddress Address);

    /// <summary>A node while it is being filled.</summary>
    private sealed class NodeBuilder
    {
        private HashSet<IPAddress>? _addresses;
        private List<byte>? _v4;
        private List<byte>? _v6;
        private List<SrvRecord>? _srv;
        private List<AddressRecord>? _srvAdditional;
        private List<byte[]>? _ptr;

        public byte[]? Cname { get; set; }

        public string? CnameKey { get; set; }

        public byte[]? Txt { get; set; }

        public void AddAddress(IPAddress address)
        {
            _addresses ??= [];
            if (!_addresses.Add(address))
            {
                return;
            }

            if (address.AddressFamily == AddressFamily.InterNetwork)
            {
                (_v4 ??= []).AddRange(address.GetAddressBytes());
            }
            else
            {
                (_v6 ??= []).AddRange(address.GetAddressBytes());
            }
        }

        public void AddSrv(SrvRecord record) => (_srv ??= []).Add(record);

        public void AddSrvAdditional(AddressRecord record) => (_srvAdditional ??= []).Add(record);

        public void AddPtr(byte[] target) => (_ptr ??= []).Add(target);

        public ZoneNode Freeze() => new()
        {
            V4 = _v4 is null ? [] : [.. _v4],
            V6 = _v6 is null ? [] : [.. _v6],
            Cname = Cname,
            CnameKey = CnameKey,
            Srv = _srv is null ? [] : [.. _srv],
            SrvAdditional = _srvAdditional is null ? [] : [.. _srvAdditional],
            Ptr = _ptr is null ? [] : [.. _ptr],
            Txt = Txt,
        };
    }
}
