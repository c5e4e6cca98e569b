namespace KubeSharp.Dns.Records;

/// <summary>
/// The cluster zone at one moment, immutable: every name that exists (records and empty
/// non-terminals alike, reverse names included) by its key (lower case, dotted, no trailing dot),
/// and the namespaces, for pod names. Queries look names up by span, without allocating.
/// </summary>
internal sealed class ZoneSnapshot
{
    private readonly Dictionary<string, ZoneNode> _names;
    private readonly Dictionary<string, ZoneNode>.AlternateLookup<ReadOnlySpan<char>> _nameLookup;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _namespaceLookup;

    public ZoneSnapshot(string zone, uint ttl, uint serial, Dictionary<string, ZoneNode> names, HashSet<string> namespaces)
    {
        Zone = zone;
        ZoneWireLength = zone.Length + 2;
        PodSuffix = ".pod." + zone;
        Ttl = ttl;
        Serial = serial;
        _names = names;
        _nameLookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
        _namespaceLookup = namespaces.GetAlternateLookup<ReadOnlySpan<char>>();
        NameServer = names.GetValueOrDefault("ns.dns." + zone);
    }

    /// <summary>The cluster domain: lower case, no trailing dot.</summary>
    public string Zone { get; }

    /// <summary>The zone's length in wire form (labels, length bytes and the root).</summary>
    public int ZoneWireLength { get; }

    /// <summary>".pod.&lt;zone&gt;", which pod names end with.</summary>
    public string PodSuffix { get; }

    public uint Ttl { get; }

    /// <summary>The SOA serial: when the snapshot was built, in Unix seconds (CoreDNS: the last change).</summary>
    public uint Serial { get; }

    /// <summary>ns.dns.&lt;zone&gt;, the name server of the apex NS record, with the DNS Service's address if it is known.</summary>
    public ZoneNode? NameServer { get; }

    public int Count => _names.Count;

    public ZoneNode? Find(ReadOnlySpan<char> key) => _nameLookup.TryGetValue(key, out var node) ? node : null;

    public bool HasNamespace(ReadOnlySpan<char> name) => _namespaceLookup.Contains(name);
}
