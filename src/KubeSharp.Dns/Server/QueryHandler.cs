using KubeSharp.Dns.Records;
using KubeSharp.Dns.Wire;

namespace KubeSharp.Dns.Server;

/// <summary>
/// One query in, one reply out, in a caller's buffers and without allocating: reads the query,
/// resolves it against the current snapshot and writes the reply, as miekg/dns and CoreDNS do:
/// responses are ignored; another opcode is NOTIMP and a malformed query FORMERR (header only);
/// EDNS versions other than 0 get BADVERS; classes other than IN are REFUSED. Over UDP the reply
/// fits 512 bytes, or the client's EDNS payload size (512-4096); a longer one is sent as header,
/// question (and OPT) with TC set, so the client asks again over TCP (RFC 7766).
/// </summary>
internal sealed class QueryHandler(ISnapshotSource snapshots, bool forwarding)
{
    public const int MinUdpPayload = 512;
    public const int MaxUdpPayload = 4096;
    public const int MaxTcpMessage = ushort.MaxValue;

    private const ushort ClassInternet = 1;

    /// <param name="query">The query as received.</param>
    /// <param name="response">Where the reply goes: at least <see cref="MaxUdpPayload"/> bytes for UDP, <see cref="MaxTcpMessage"/> for TCP.</param>
    /// <param name="tcp">Whether it came over TCP (no size limit but the message's own).</param>
    /// <param name="names">The worker's compression table.</param>
    public HandlerResult Handle(ReadOnlySpan<byte> query, Span<byte> response, bool tcp, CompressionTable names)
    {
        Span<byte> name = stackalloc byte[DnsNameReader.MaxWireLength];
        Span<char> key = stackalloc char[DnsNameReader.MaxKeyLength];
        var status = QueryReader.Read(query, name, key, out var header, out var question, out var edns);
        switch (status)
        {
            case QueryStatus.Ignore:
                return HandlerResult.None;
            case QueryStatus.NotImplemented:
                return HeaderOnly(header, ResponseCode.NotImplemented, response);
            case QueryStatus.FormatError:
                return HeaderOnly(header, ResponseCode.FormatError, response);
        }

        var limit = tcp ? MaxTcpMessage : edns.Present ? Math.Clamp((int)edns.PayloadSize, MinUdpPayload, MaxUdpPayload) : MinUdpPayload;
        var room = limit - (edns.Present ? DnsMessageWriter.OptSize : 0);
        var questionName = name[..question.NameLength];
        var writer = new DnsMessageWriter(response, room, names);
        writer.WriteQuestion(questionName, question.Type, question.Class);

        Resolution resolution;
        if (edns.Present && edns.Version != 0)
        {
            resolution = new Resolution(ResponseCode.BadVersion, false, false);
        }
        else if (question.Class != ClassInternet)
        {
            resolution = Resolution.Refused;
        }
        else
        {
            resolution = Resolver.Resolve(snapshots.Current, key[..question.KeyLength], question.NameLength, (RecordType)question.Type, forwarding, ref writer);
            if (resolution.Forward)
            {
                return HandlerResult.Forwarded;
            }
        }

        var truncated = writer.Overflowed;
        if (truncated)
        {
            writer = new DnsMessageWriter(response, room, names);
            writer.WriteQuestion(questionName, question.Type, question.Class);
        }

        return Finish(ref writer, header, edns, resolution, truncated, limit);
    }

    /// <summary>SERVFAIL for a query whose forwarding failed: header, question and OPT as for any reply.</summary>
    public byte[] ServerFailure(ReadOnlySpan<byte> query)
    {
        Span<byte> name = stackalloc byte[DnsNameReader.MaxWireLength];
        Span<char> key = stackalloc char[DnsNameReader.MaxKeyLength];
        var response = new byte[MaxUdpPayload];
        if (QueryReader.Read(query, name, key, out var header, out var question, out var edns) != QueryStatus.Ok)
        {
            return response[..HeaderOnly(header, ResponseCode.ServerFailure, response).Length];
        }

        var writer = new DnsMessageWriter(response, MinUdpPayload, new CompressionTable());
        writer.WriteQuestion(name[..question.NameLength], question.Type, question.Class);
        var length = Finish(ref writer, header, edns, new Resolution(ResponseCode.ServerFailure, false, false), false, MinUdpPayload).Length;
        return response[..length];
    }

    private HandlerResult Finish(ref DnsMessageWriter writer, DnsHeader header, Edns edns, Resolution resolution, bool truncated, int limit)
    {
        if (edns.Present)
        {
            writer.RaiseLimit(limit);
            writer.WriteOpt(MaxUdpPayload, (byte)((int)resolution.Rcode >> 4), edns.DnssecOk);
        }

        writer.WriteHeader(header.Id, DnsHeader.ReplyFlags(header.Flags, resolution.Rcode, resolution.Authoritative, truncated, forwarding));
        return new HandlerResult(writer.Length, false);
    }

    private HandlerResult HeaderOnly(DnsHeader header, ResponseCode rcode, Span<byte> response)
    {
        new DnsHeader(header.Id, DnsHeader.ReplyFlags(header.Flags, rcode, false, false, forwarding), 0, 0, 0, 0).Write(response);
        return new HandlerResult(DnsHeader.Size, false);
    }
}
