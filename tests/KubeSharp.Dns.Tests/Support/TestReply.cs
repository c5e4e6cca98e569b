using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using KubeSharp.Dns.Wire;

namespace KubeSharp.Dns.Tests.Support;

/// <summary>One record of a reply, its data as text: addresses, names (no trailing dot), "priority weight port target" for SRV.</summary>
internal sealed record TestRecord(string Name, RecordType Type, ushort Class, uint Ttl, string Data);

/// <summary>A reply taken apart by a parser of the tests' own (RFC 1035 4.1), so the server's reader is not checking its writer.</summary>
internal sealed record TestReply(
    ushort Id,
    ushort Flags,
    int Rcode,
    string? QuestionName,
    RecordType QuestionType,
    IReadOnlyList<TestRecord> Answers,
    IReadOnlyList<TestRecord> Authority,
    IReadOnlyList<TestRecord> Additional,
    int Length)
{
    public bool IsResponse => (Flags & 0x8000) != 0;

    public bool Authoritative => (Flags & 0x0400) != 0;

    public bool Truncated => (Flags & 0x0200) != 0;

    public bool RecursionDesired => (Flags & 0x0100) != 0;

    public bool RecursionAvailable => (Flags & 0x0080) != 0;

    public TestRecord? Opt => Additional.FirstOrDefault(record => record.Type == RecordType.OPT);

    /// <summary>The additional records that are not the OPT pseudo-record.</summary>
    public IReadOnlyList<TestRecord> Extra => [.. Additional.Where(record => record.Type != RecordType.OPT)];

    public static TestReply Parse(ReadOnlySpan<byte> message)
    {
        var id = BinaryPrimitives.ReadUInt16BigEndian(message);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        var questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        var counts = new[]
        {
            BinaryPrimitives.ReadUInt16BigEndian(message[6..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[8..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[10..]),
        };
        var offset = 12;
        string? questionName = null;
        var questionType = default(RecordType);
        for (var i = 0; i < questions; i++)
        {
            questionName = ReadName(message, ref offset);
            questionType = (RecordType)BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
            offset += 4;
        }

        var sections = new List<TestRecord>[3];
        for (var section = 0; section < 3; section++)
        {
            sections[section] = [];
            for (var i = 0; i < counts[section]; i++)
            {
                sections[section].Add(ReadRecord(message, ref offset));
            }
        }

        if (offset != message.Length)
        {
            throw new FormatException($"{message.Length - offset} bytes after the last record");
        }

        var rcode = flags & 0xF;
        if (sections[2].FirstOrDefault(record => record.Type == RecordType.OPT) is { } opt)
        {
            rcode |= (int)(opt.Ttl >> 24) << 4;
        }

        return new TestReply(id, flags, rcode, questionName, questionType, sections[0], sections[1], sections[2], message.Length);
    }

    private static TestRecord ReadRecord(ReadOnlySpan<byte> message, ref int offset)
    {
        var name = ReadName(message, ref offset);
        var type = (RecordType)BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
        var cls = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
        var ttl = BinaryPrimitives.ReadUInt32BigEndian(message[(offset + 4)..]);
        var length = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 8)..]);
        var start = offset + 10;
        var data = message.Slice(start, length);
        var position = start;
        var text = type switch
        {
            RecordType.A or RecordType.AAAA => new IPAddress(data).ToString(),
            RecordType.CNAME or RecordType.PTR or RecordType.NS => ReadName(message, ref position),
            RecordType.SRV => Srv(message, start),
            RecordType.SOA => Soa(message, start),
            RecordType.TXT => Encoding.ASCII.GetString(data[1..(1 + data[0])]),
            _ => Convert.ToHexString(data),
        };
        offset = start + length;
        return new TestRecord(name, type, cls, ttl, text);
    }

    private static string Srv(ReadOnlySpan<byte> message, int start)
    {
        var position = start + 6;
        var target = ReadName(message, ref position);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{BinaryPrimitives.ReadUInt16BigEndian(message[start..])} {BinaryPrimitives.ReadUInt16BigEndian(message[(start + 2)..])} {BinaryPrimitives.ReadUInt16BigEndian(message[(start + 4)..])} {target}");
    }

    private static string Soa(ReadOnlySpan<byte> message, int start)
    {
        var position = start;
        var mname = ReadName(message, ref position);
        var rname = ReadName(message, ref position);
        var numbers = new uint[5];
        for (var i = 0; i < 5; i++)
        {
            numbers[i] = BinaryPrimitives.ReadUInt32BigEndian(message[(position + i * 4)..]);
        }

        return $"{mname} {rname} {string.Join(' ', numbers)}";
    }

    /// <summary>A name, following pointers (which must point backwards); "" for the root.</summary>
    private static string ReadName(ReadOnlySpan<byte> message, ref int offset)
    {
        var labels = new List<string>();
        var position = offset;
        var jumped = false;
        while (true)
        {
            var length = message[position];
            if (length == 0)
            {
                if (!jumped)
                {
                    offset = position + 1;
                }

                return string.Join('.', labels);
            }

            if ((length & 0xC0) == 0xC0)
            {
                var target = ((length & 0x3F) << 8) | message[position + 1];
                if (target >= position)
                {
                    throw new FormatException($"pointer at {position} to {target} does not point backwards");
                }

                if (!jumped)
                {
                    offset = position + 2;
                    jumped = true;
                }

                position = target;
                continue;
            }

            labels.Add(Encoding.ASCII.GetString(message.Slice(position + 1, length)));
            position += 1 + length;
        }
    }
}
