using System.Buffers.Binary;

namespace KubeSharp.Dns.Wire;

/// <summary>The 12-byte message header (RFC 1035 4.1.1): ID, flags and the four section counts.</summary>
internal readonly record struct DnsHeader(ushort Id, ushort Flags, ushort QuestionCount, ushort AnswerCount, ushort AuthorityCount, ushort AdditionalCount)
{
    public const int Size = 12;

    public const ushort ResponseFlag = 0x8000;
    public const ushort AuthoritativeFlag = 0x0400;
    public const ushort TruncatedFlag = 0x0200;
    public const ushort RecursionDesiredFlag = 0x0100;
    public const ushort RecursionAvailableFlag = 0x0080;
    public const ushort CheckingDisabledFlag = 0x0010;

    public bool IsResponse => (Flags & ResponseFlag) != 0;

    public int Opcode => (Flags >> 11) & 0xF;

    /// <summary>The low four bits of the RCODE (an OPT record may carry the upper eight).</summary>
    public int Rcode => Flags & 0xF;

    public static bool TryRead(ReadOnlySpan<byte> message, out DnsHeader header)
    {
        if (message.Length < Size)
        {
            header = default;
            return false;
        }

        header = new DnsHeader(
            BinaryPrimitives.ReadUInt16BigEndian(message),
            BinaryPrimitives.ReadUInt16BigEndian(message[2..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[6..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[8..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[10..]));
        return true;
    }

    /// <summary>
    /// The flags of a reply to a query with <paramref name="queryFlags"/> (miekg/dns SetReply): the
    /// opcode, RD and CD copied, the RCODE's low bits set.
    /// </summary>
    public static ushort ReplyFlags(ushort queryFlags, ResponseCode rcode, bool authoritative, bool truncated, bool recursionAvailable)
    {
        var flags = ResponseFlag | (queryFlags & (0x7800 | RecursionDesiredFlag | CheckingDisabledFlag)) | ((int)rcode & 0xF);
        if (authoritative)
        {
            flags |= AuthoritativeFlag;
        }

        if (truncated)
        {
            flags |= TruncatedFlag;
        }

        if (recursionAvailable)
        {
            flags |= RecursionAvailableFlag;
        }

        return (ushort)flags;
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, Id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Flags);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], QuestionCount);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], AnswerCount);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], AuthorityCount);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], AdditionalCount);
    }
}
