using KubeSharp.Dns.Wire;

namespace KubeSharp.Dns.Records;

/// <summary>
/// Answers a question from a snapshot, writing the answer, authority and additional sections as
/// CoreDNS's kubernetes plugin fills them: records of the type asked for; none for a name that
/// exists (NODATA) or NXDOMAIN for one that does not, either with the zone's SOA as authority
/// (RFC 2308: "ns.dns.&lt;zone&gt;. hostmaster.&lt;zone&gt;." as CoreDNS names them); SOA and NS at the apex.
/// The question's name is written before, at <see cref="DnsMessageWriter.QuestionOffset"/>, so
/// answers point at it and keep its case.
/// </summary>
internal static class Resolver
{
    /// <summary>dns-version.&lt;zone&gt;'s TTL, as CoreDNS gives it.</summary>
    private const uint SchemaVersionTtl = 28800;

    /// <summary>CoreDNS caps the SOA record's own TTL at 300 s.</summary>
    private const uint MaxSoaTtl = 300;

    private const uint SoaRefresh = 7200;
    private const uint SoaRetry = 1800;
    private const uint SoaExpire = 86400;

    /// <summary>How many CNAMEs within the zone are followed (ExternalNames naming other Services).</summary>
    private const int MaxCnameChain = 8;

    /// <summary>Where A/AAAA answers start, turning so that clients that take the first address spread out (CoreDNS's loadbalance plugin).</summary>
    [ThreadStatic]
    private static uint _rotation;

    /// <summary>"ns.dns" and "hostmaster" as labels, to go in front of a pointer to the zone.</summary>
    private static ReadOnlySpan<byte> NameServerLabels => "\u0002ns\u0003dns"u8;

    private static ReadOnlySpan<byte> HostmasterLabel => "\u000Ahostmaster"u8;

    /// <param name="zone">The snapshot.</param>
    /// <param name="key">The question's name as a key.</param>
    /// <param name="nameLength">The question's name's length in wire form.</param>
    /// <param name="type">The question's type.</param>
    /// <param name="forwarding">Whether names outside the zones (and unknown reverse names) go upstream.</param>
    /// <param name="writer">The reply, its question written.</param>
    public static Resolution Resolve(ZoneSnapshot zone, scoped ReadOnlySpan<char> key, int nameLength, RecordType type, bool forwarding, ref DnsMessageWriter writer)
    {
        if (DnsName.IsAtOrUnder(key, zone.Zone))
        {
            return ResolveCluster(zone, key, nameLength, type, ref writer);
        }

        if (DnsName.IsAtOrUnder(key, Addresses.ReverseV4Zone))
        {
            return ResolveReverse(zone, key, ZoneOffset(nameLength, Addresses.ReverseV4Zone.Length + 2), type, forwarding, ref writer);
        }

        if (DnsName.IsAtOrUnder(key, Addresses.ReverseV6Zone))
        {
            return ResolveReverse(zone, key, ZoneOffset(nameLength, Addresses.ReverseV6Zone.Length + 2), type, forwarding, ref writer);
        }

        // Not ours. Without upstreams it does not exist as far as the cluster can tell: NXDOMAIN (not
        // authoritative), so that stub resolvers which try a dotted name as it is before the search
        // path (busybox, musl) go on to the search path; REFUSED would end their lookup there.
        return forwarding ? Resolution.Forwarded : Resolution.Unknown;
    }

    private static Resolution ResolveCluster(ZoneSnapshot zone, scoped ReadOnlySpan<char> key, int nameLength, RecordType type, ref DnsMessageWriter writer)
    {
        if (type is RecordType.AXFR or RecordType.IXFR)
        {
            // No zone transfers (CoreDNS without the transfer plugin).
            return Resolution.Refused;
        }

        var zoneOffset = ZoneOffset(nameLength, zone.ZoneWireLength);
        var node = zone.Find(key);
        if (node is null)
        {
            Span<byte> address = stackalloc byte[16];
            var length = PodNames.TryAddress(zone, key, address);
            if (length == 0)
            {
                WriteSoa(zone, zoneOffset, MessageSection.Authority, ref writer);
                return Resolution.NameError;
            }

            if ((type == RecordType.A && length == 4) || (type == RecordType.AAAA && length == 16))
            {
                writer.StartRecord(DnsMessageWriter.QuestionOffset, type, zone.Ttl);
                writer.WriteBytes(address[..length]);
                writer.EndRecord(MessageSection.Answer);
            }
        }
        else if (key.Length == zone.Zone.Length && type is RecordType.SOA or RecordType.NS)
        {
            if (type == RecordType.SOA)
            {
                WriteSoa(zone, zoneOffset, MessageSection.Answer, ref writer);
            }
            else
            {
                WriteNameServer(zone, zoneOffset, ref writer);
            }
        }
        else
        {
            WriteAnswers(zone, node, type, ref writer);
        }

        if (writer.AnswerCount == 0)
        {
            WriteSoa(zone, zoneOffset, MessageSection.Authority, ref writer);
        }

        return Resolution.Answered;
    }

    /// <summary>PTR records for the addresses the zone knows; other reverse names go upstream, or do not exist.</summary>
    private static Resolution ResolveReverse(ZoneSnapshot zone, scoped ReadOnlySpan<char> key, int zoneOffset, RecordType type, bool forwarding, ref DnsMessageWriter writer)
    {
        if (type is RecordType.AXFR or RecordType.IXFR)
        {
            return Resolution.Refused;
        }

        if (zone.Find(key) is not { } node)
        {
            // CoreDNS's default Corefile has "fallthrough in-addr.arpa ip6.arpa" before forward.
            if (forwarding)
            {
                return Resolution.Forwarded;
            }

            WriteSoa(zone, zoneOffset, MessageSection.Authority, ref writer);
            return Resolution.NameError;
        }

        if (type == RecordType.PTR)
        {
            foreach (var target in node.Ptr)
            {
                writer.StartRecord(DnsMessageWriter.QuestionOffset, RecordType.PTR, zone.Ttl);
                writer.WriteName(target);
                writer.EndRecord(MessageSection.Answer);
            }
        }

        if (writer.AnswerCount == 0)
        {
            WriteSoa(zone, zoneOffset, MessageSection.Authority, ref writer);
        }

        return Resolution.Answered;
    }

    /// <summary>The node's records of the type, after any CNAMEs (RFC 1034 3.6.2: a CNAME answers for every type but CNAME).</summary>
    private static void WriteAnswers(ZoneSnapshot zone, ZoneNode node, RecordType type, ref DnsMessageWriter writer)
    {
        var owner = DnsMessageWriter.QuestionOffset;
        for (var hop = 0; node.Cname is { } target && type != RecordType.CNAME; hop++)
        {
            writer.StartRecord(owner, RecordType.CNAME, zone.Ttl);
            var targetOffset = writer.WriteName(target);
            writer.EndRecord(MessageSection.Answer);

            // A target outside the zone is left to the client's resolver.
            if (hop == MaxCnameChain || node.CnameKey is null || zone.Find(node.CnameKey) is not { } next || next == node)
            {
                return;
            }

            node = next;
            owner = targetOffset;
        }

        switch (type)
        {
            case RecordType.A:
                WriteAddresses(node.V4, 4, RecordType.A, owner, zone.Ttl, ref writer);
                break;
            case RecordType.AAAA:
                WriteAddresses(node.V6, 16, RecordType.AAAA, owner, zone.Ttl, ref writer);
                break;
            case RecordType.SRV:
                WriteSrv(zone, node, owner, ref writer);
                break;
            case RecordType.TXT when node.Txt is { } text:
                writer.StartRecord(owner, RecordType.TXT, SchemaVersionTtl);
                writer.WriteBytes(text);
                writer.EndRecord(MessageSection.Answer);
                break;
            case RecordType.CNAME when node.Cname is { } cname:
                writer.StartRecord(owner, RecordType.CNAME, zone.Ttl);
                writer.WriteName(cname);
                writer.EndRecord(MessageSection.Answer);
                break;
        }
    }

    private static void WriteAddresses(byte[] addresses, int size, RecordType type, int owner, uint ttl, ref DnsMessageWriter writer)
    {
        var count = addresses.Length / size;
        if (count == 0)
        {
            return;
        }

        var first = count == 1 ? 0 : (int)(_rotation++ % (uint)count);
        for (var i = 0; i < count; i++)
        {
            writer.StartRecord(owner, type, ttl);
            writer.WriteBytes(addresses.AsSpan(((first + i) % count) * size, size));
            writer.EndRecord(MessageSection.Answer);
        }
    }

    /// <summary>SRV records, and their targets' addresses in the additional section.</summary>
    private static void WriteSrv(ZoneSnapshot zone, ZoneNode node, int owner, ref DnsMessageWriter writer)
    {
        foreach (var record in node.Srv)
        {
            writer.StartRecord(owner, RecordType.SRV, zone.Ttl);
            writer.WriteUInt16(record.Priority);
            writer.WriteUInt16(record.Weight);
            writer.WriteUInt16(record.Port);
            writer.WriteName(record.Target);
            writer.EndRecord(MessageSection.Answer);
        }

        foreach (var additional in node.SrvAdditional)
        {
            writer.StartRecord(additional.Owner, additional.Address.Length == 4 ? RecordType.A : RecordType.AAAA, zone.Ttl);
            writer.WriteBytes(additional.Address);
            writer.EndRecord(MessageSection.Additional);
        }
    }

    /// <summary>NS ns.dns.&lt;zone&gt;, with that name's address (the DNS Service's) as additional record when known.</summary>
    private static void WriteNameServer(ZoneSnapshot zone, int zoneOffset, ref DnsMessageWriter writer)
    {
        writer.StartRecord(DnsMessageWriter.QuestionOffset, RecordType.NS, zone.Ttl);
        var nameServer = writer.WriteName(NameServerLabels, zoneOffset);
        writer.EndRecord(MessageSection.Answer);
        if (zone.NameServer is not { } node)
        {
            return;
        }

        for (var i = 0; i < node.V4.Length; i += 4)
        {
            writer.StartRecord(nameServer, RecordType.A, zone.Ttl);
            writer.WriteBytes(node.V4.AsSpan(i, 4));
            writer.EndRecord(MessageSection.Additional);
        }

        for (var i = 0; i < node.V6.Length; i += 16)
        {
            writer.StartRecord(nameServer, RecordType.AAAA, zone.Ttl);
            writer.WriteBytes(node.V6.AsSpan(i, 16));
            writer.EndRecord(MessageSection.Additional);
        }
    }

    /// <summary>The zone's SOA, owned by the zone as the question spells it (a pointer into the question).</summary>
    private static void WriteSoa(ZoneSnapshot zone, int zoneOffset, MessageSection section, ref DnsMessageWriter writer)
    {
        writer.StartRecord(zoneOffset, RecordType.SOA, Math.Min(zone.Ttl, MaxSoaTtl));
        writer.WriteName(NameServerLabels, zoneOffset);
        writer.WriteName(HostmasterLabel, zoneOffset);
        writer.WriteUInt32(zone.Serial);
        writer.WriteUInt32(SoaRefresh);
        writer.WriteUInt32(SoaRetry);
        writer.WriteUInt32(SoaExpire);
        writer.WriteUInt32(zone.Ttl);
        writer.EndRecord(section);
    }

    /// <summary>Where the zone's labels start in the question's name: it ends with them.</summary>
    private static int ZoneOffset(int nameLength, int zoneWireLength) => DnsMessageWriter.QuestionOffset + nameLength - zoneWireLength;
}
