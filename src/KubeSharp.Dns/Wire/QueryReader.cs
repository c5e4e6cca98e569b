using System.Buffers.Binary;

namespace KubeSharp.Dns.Wire;

/// <summary>
/// Reads a query: header, the one question, and the OPT record if the additional section has one.
/// Answer and authority records (which queries do not normally carry) are skipped over.
/// </summary>
internal static class QueryReader
{
    private const int FixedRecordPart = 10;

    /// <summary>
    /// Reads <paramref name="message"/>; the question's name goes to <paramref name="name"/> (wire
    /// form, case kept; <see cref="DnsNameReader.MaxWireLength"/> bytes) and <paramref name="key"/>
    /// (lookup key; <see cref="DnsNameReader.MaxKeyLength"/> chars).
    /// </summary>
    public static QueryStatus Read(ReadOnlySpan<byte> message, Span<byte> name, Span<char> key, out DnsHeader header, out DnsQuestion question, out Edns edns)
    {
        question = default;
        edns = Edns.None;
        if (!DnsHeader.TryRead(message, out header) || header.IsResponse)
        {
            return QueryStatus.Ignore;
        }

        if (header.Opcode != 0)
        {
            return QueryStatus.NotImplemented;
        }

        if (header.QuestionCount != 1)
        {
            return QueryStatus.FormatError;
        }

        var offset = DnsHeader.Size;
        if (!DnsNameReader.TryRead(message, ref offset, name, out var nameLength, key, out var keyLength) || offset + 4 > message.Length)
        {
            return QueryStatus.FormatError;
        }

        question = new DnsQuestion(
            nameLength,
            keyLength,
            BinaryPrimitives.ReadUInt16BigEndian(message[offset..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]));
        offset += 4;

        for (var i = 0; i < header.AnswerCount + header.AuthorityCount; i++)
        {
            if (!TrySkipRecord(message, ref offset, out _, out _))
            {
                return QueryStatus.FormatError;
            }
        }

        for (var i = 0; i < header.AdditionalCount; i++)
        {
            var start = offset;
            if (!TrySkipRecord(message, ref offset, out var type, out var fixedAt))
            {
                return QueryStatus.FormatError;
            }

            if (type != (ushort)RecordType.OPT)
            {
                continue;
            }

            // One OPT at most, owned by the root (RFC 6891 6.1.1).
            if (edns.Present || message[start] != 0)
            {
                return QueryStatus.FormatError;
            }

            var ttl = BinaryPrimitives.ReadUInt32BigEndian(message[(fixedAt + 4)..]);
            edns = new Edns(true, BinaryPrimitives.ReadUInt16BigEndian(message[(fixedAt + 2)..]), (byte)(ttl >> 16), (ttl & 0x8000) != 0);
        }

        return QueryStatus.Ok;
    }

    /// <summary>Skips one record; gives its type and where its fixed part (type, class, TTL, RDLENGTH) starts.</summary>
    private static bool TrySkipRecord(ReadOnlySpan<byte> message, ref int offset, out ushort type, out int fixedAt)
    {
        type = 0;
        fixedAt = 0;
        if (!DnsNameReader.TrySkip(message, ref offset) || offset + FixedRecordPart > message.Length)
        {
            return false;
        }

        fixedAt = offset;
        type = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
        var end = offset + FixedRecordPart + BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 8)..]);
        if (end > message.Length)
        {
            return false;
        }

        offset = end;
        return true;
    }
}
