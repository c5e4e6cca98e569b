using System.Buffers.Binary;
using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Protobuf;

/// <summary>
/// Reads the protobuf wire format from untrusted bytes: every length is checked against what is left
/// before anything is sliced, so a hostile length can neither over-read nor make us allocate.
/// </summary>
internal ref struct ProtoReader
{
    /// <summary>How deep messages (and skipped groups) may nest; upstream's decoders stop at 100 as well.</summary>
    public const int MaxDepth = 100;

    // Field numbers are 29 bits; anything larger (or 0) is not a field.
    private const uint MaxFieldNumber = (1u << 29) - 1;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly bool End => _position >= _data.Length;

    public static ApiException Malformed(string detail) => ApiErrors.BadRequest($"malformed protobuf body: {detail}");

    /// <summary>Throws once <paramref name="depth"/> passes <see cref="MaxDepth"/>.</summary>
    public static void CheckDepth(int depth)
    {
        if (depth > MaxDepth)
        {
            throw ApiErrors.BadRequest($"protobuf body nests messages deeper than {MaxDepth} levels");
        }
    }

    public (int Number, WireType WireType) ReadTag()
    {
        var tag = ReadVarint();
        var number = tag >> 3;
        if (number == 0 || number > MaxFieldNumber)
        {
            throw Malformed($"invalid field number {number}");
        }

        var wireType = (WireType)(tag & 7);
        if (wireType > WireType.Fixed32)
        {
            throw Malformed($"invalid wire type {(int)wireType} for field {number}");
        }

        return ((int)number, wireType);
    }

    /// <summary>A base-128 varint of at most 10 bytes, as Go's protobuf reads it (bits past 64 are dropped).</summary>
    public ulong ReadVarint()
    {
        var value = 0UL;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw Malformed("truncated varint");
            }

            var b = _data[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw Malformed("varint longer than 10 bytes");
    }

    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw Malformed($"length {length} runs past the end of the data ({_data.Length - _position} bytes left)");
        }

        return Take((int)length);
    }

    /// <summary>Skips a field the schema does not know, by its wire type, as protobuf does.</summary>
    public void Skip(int number, WireType wireType, int depth)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Take(8);
                break;
            case WireType.LengthDelimited:
                ReadLengthDelimited();
                break;
            case WireType.Fixed32:
                Take(4);
                break;
            case WireType.StartGroup:
                SkipGroup(number, depth + 1);
                break;
            default:
                throw Malformed($"unexpected end-group tag for field {number}");
        }
    }

    // A deprecated proto2 group: fields up to the end-group tag of the same number; groups may nest.
    private void SkipGroup(int number, int depth)
    {
        CheckDepth(depth);
        while (!End)
        {
            var (inner, wireType) = ReadTag();
            if (wireType == WireType.EndGroup)
            {
                if (inner != number)
                {
                    throw Malformed($"end-group tag for field {inner} inside group {number}");
                }

                return;
            }

            Skip(inner, wireType, depth);
        }

        throw Malformed($"group {number} has no end-group tag");
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _position)
        {
            throw Malformed($"{count} bytes needed, {_data.Length - _position} left");
        }

        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }
}
