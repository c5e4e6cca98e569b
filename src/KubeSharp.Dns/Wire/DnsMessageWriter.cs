using System.Buffers.Binary;

namespace KubeSharp.Dns.Wire;

/// <summary>
/// Writes a message straight into a buffer: question, then records section by section (answers
/// before authority before additional), names compressed against every name written before
/// (RFC 1035 4.1.4; compared byte for byte, so the question's case is kept wherever it is pointed
/// at), the header last. Anything that would pass the limit marks the message as overflowed and
/// writes nothing more, so the caller can answer with a truncated message instead.
/// </summary>
internal ref struct DnsMessageWriter
{
    /// <summary>Where the question's name starts: answers about it point here.</summary>
    public const int QuestionOffset = DnsHeader.Size;

    /// <summary>An OPT record without options: root name, type, class, TTL, RDLENGTH.</summary>
    public const int OptSize = 11;

    private const int MaxLabels = 128;
    private const ushort ClassInternet = 1;

    private readonly Span<byte> _buffer;
    private readonly CompressionTable _names;
    private int _limit;
    private int _position;
    private int _rdLengthAt;
    private ushort _questions;

    public DnsMessageWriter(Span<byte> buffer, int limit, CompressionTable names)
    {
        _buffer = buffer;
        _limit = Math.Min(limit, buffer.Length);
        _names = names;
        _names.Reset();
        _position = DnsHeader.Size;
    }

    public readonly int Length => _position;

    public bool Overflowed { get; private set; }

    public ushort AnswerCount { get; private set; }

    public ushort AuthorityCount { get; private set; }

    public ushort AdditionalCount { get; private set; }

    /// <summary>Allows more bytes, e.g. for an OPT record room was kept for.</summary>
    public void RaiseLimit(int limit) => _limit = Math.Min(Math.Max(limit, _limit), _buffer.Length);

    public void WriteQuestion(scoped ReadOnlySpan<byte> name, ushort type, ushort cls)
    {
        WriteName(name);
        WriteUInt16(type);
        WriteUInt16(cls);
        _questions = 1;
    }

    /// <summary>Starts a record whose owner is a name already in the message (a pointer to it).</summary>
    public void StartRecord(int ownerOffset, RecordType type, uint ttl)
    {
        if (ownerOffset > CompressionTable.MaxPointerOffset)
        {
            // Too far in to point at: only a message far beyond any UDP limit gets here.
            Overflowed = true;
            return;
        }

        WritePointer(ownerOffset);
        StartRecordData(type, ClassInternet, ttl);
    }

    /// <summary>Starts a record owned by <paramref name="owner"/> (wire form), compressed.</summary>
    public void StartRecord(scoped ReadOnlySpan<byte> owner, RecordType type, uint ttl)
    {
        WriteName(owner);
        StartRecordData(type, ClassInternet, ttl);
    }

    /// <summary>Ends the record started last: fills in its RDLENGTH and counts it in <paramref name="section"/>.</summary>
    public void EndRecord(MessageSection section)
    {
        if (Overflowed)
        {
            return;
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_rdLengthAt..], (ushort)(_position - _rdLengthAt - 2));
        switch (section)
        {
            case MessageSection.Answer:
                AnswerCount++;
                break;
            case MessageSection.Authority:
                AuthorityCount++;
                break;
            default:
                AdditionalCount++;
                break;
        }
    }

    /// <summary>An OPT pseudo-record (RFC 6891 6.1.2) with version 0 and no options, in the additional section.</summary>
    public void WriteOpt(ushort payloadSize, byte extendedRcode, bool dnssecOk)
    {
        WriteByte(0);
        StartRecordData(RecordType.OPT, payloadSize, ((uint)extendedRcode << 24) | (dnssecOk ? 0x8000u : 0));
        EndRecord(MessageSection.Additional);
    }

    /// <summary>Writes the header over the first 12 bytes, with the counts of what was written.</summary>
    public readonly void WriteHeader(ushort id, ushort flags) =>
        new DnsHeader(id, flags, _questions, AnswerCount, AuthorityCount, AdditionalCount).Write(_buffer);

    public void WriteUInt16(ushort value)
    {
        if (Reserve(2))
        {
            BinaryPrimitives.WriteUInt16BigEndian(_buffer[_position..], value);
            _position += 2;
        }
    }

    public void WriteUInt32(uint value)
    {
        if (Reserve(4))
        {
            BinaryPrimitives.WriteUInt32BigEndian(_buffer[_position..], value);
            _position += 4;
        }
    }

    public void WriteBytes(scoped ReadOnlySpan<byte> value)
    {
        if (Reserve(value.Length))
        {
            value.CopyTo(_buffer[_position..]);
            _position += value.Length;
        }
    }

    /// <summary>
    /// Writes a name (wire form), its longest suffix already in the message replaced by a pointer,
    /// and remembers its new suffixes. Returns where the name can be pointed at: here, or, when the
    /// whole name was already there, that earlier place.
    /// </summary>
    public int WriteName(scoped ReadOnlySpan<byte> name)
    {
        Span<int> starts = stackalloc int[MaxLabels];
        Span<int> hashes = stackalloc int[MaxLabels];
        var count = 0;
        for (var p = 0; name[p] != 0; p += name[p] + 1)
        {
            starts[count++] = p;
        }

        var hash = 0;
        for (var i = count - 1; i >= 0; i--)
        {
            hash = SuffixHash(hash, name.Slice(starts[i] + 1, name[starts[i]]));
            hashes[i] = hash;
        }

        var start = _position;
        for (var i = 0; i < count; i++)
        {
            var cursor = -1;
            int earlier;
            while ((earlier = _names.Next(hashes[i], ref cursor)) >= 0)
            {
                if (SameName(earlier, name[starts[i]..]))
                {
                    WriteLabels(name, starts, hashes, i);
                    WritePointer(earlier);
                    return i == 0 ? earlier : start;
                }
            }
        }

        WriteLabels(name, starts, hashes, count);
        WriteByte(0);
        return start;
    }

    /// <summary>Writes <paramref name="labels"/> (wire form without the root) followed by a pointer to a name already in the message.</summary>
    public int WriteName(scoped ReadOnlySpan<byte> labels, int suffixOffset)
    {
        var start = _position;
        WriteBytes(labels);
        WritePointer(suffixOffset);
        return start;
    }

    private void StartRecordData(RecordType type, ushort cls, uint ttl)
    {
        WriteUInt16((ushort)type);
        WriteUInt16(cls);
        WriteUInt32(ttl);
        _rdLengthAt = _position;
        WriteUInt16(0);
    }

    private void WriteLabels(scoped ReadOnlySpan<byte> name, scoped ReadOnlySpan<int> starts, scoped ReadOnlySpan<int> hashes, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var offset = _position;
            var label = name.Slice(starts[i], name[starts[i]] + 1);
            WriteBytes(label);
            if (!Overflowed)
            {
                _names.Add(hashes[i], offset);
            }
        }
    }

    private void WritePointer(int offset) => WriteUInt16((ushort)(0xC000 | offset));

    private void WriteByte(byte value)
    {
        if (Reserve(1))
        {
            _buffer[_position++] = value;
        }
    }

    private bool Reserve(int count)
    {
        if (Overflowed)
        {
            return false;
        }

        if (_position + count > _limit)
        {
            Overflowed = true;
            return false;
        }

        return true;
    }

    /// <summary>Whether the name at <paramref name="offset"/> (ours, so its pointers are sound) is <paramref name="name"/>, byte for byte.</summary>
    private readonly bool SameName(int offset, scoped ReadOnlySpan<byte> name)
    {
        var position = offset;
        var p = 0;
        while (true)
        {
            var length = _buffer[position];
            if ((length & 0xC0) == 0xC0)
            {
                position = ((length & 0x3F) << 8) | _buffer[position + 1];
                continue;
            }

            if (length != name[p])
            {
                return false;
            }

            if (length == 0)
            {
                return true;
            }

            if (!_buffer.Slice(position + 1, length).SequenceEqual(name.Slice(p + 1, length)))
            {
                return false;
            }

            position += length + 1;
            p += length + 1;
        }
    }

    /// <summary>FNV-1a over the label, chained onto the hash of the rest of the name.</summary>
    private static int SuffixHash(int rest, ReadOnlySpan<byte> label)
    {
        var hash = (2166136261u ^ (uint)rest) * 16777619u;
        hash = (hash ^ (uint)label.Length) * 16777619u;
        foreach (var b in label)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)hash;
    }
}
