using System.Text.Json;

namespace KubeSharp.Kubelet.Streaming.RemoteCommand;

/// <summary>
/// Reads terminal sizes from the resize stream, which (like Go's json.Decoder that upstream reads it
/// with) is a sequence of JSON objects in any chunking: a message may hold several events or part of
/// one. Field names match without regard to case, as Go's decoder matches them.
/// </summary>
internal sealed class TerminalSizeDecoder
{
    // A resize event is some 30 bytes; this much without one is not a resize stream.
    private const int MaxPendingBytes = 4096;

    private byte[] _pending = new byte[64];
    private int _count;

    /// <summary>Adds bytes of the stream and returns the events they complete.</summary>
    /// <exception cref="JsonException">The stream holds something other than terminal sizes; upstream stops reading resize events at the first such value.</exception>
    public IReadOnlyList<TerminalSize> Append(ReadOnlySpan<byte> data)
    {
        if (_count + data.Length > _pending.Length)
        {
            Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _count + data.Length));
        }

        data.CopyTo(_pending.AsSpan(_count));
        _count += data.Length;

        var sizes = new List<TerminalSize>();
        var start = 0;
        while (true)
        {
            var rest = _pending.AsSpan(start, _count - start);
            var skipped = rest.Length - rest.TrimStart(" \t\r\n"u8).Length;
            start += skipped;
            if (!TryMeasureValue(rest[skipped..], out var length))
            {
                break;
            }

            sizes.Add(Parse(_pending.AsMemory(start, length)));
            start += length;
        }

        _pending.AsSpan(start, _count - start).CopyTo(_pending);
        _count -= start;
        if (_count > MaxPendingBytes)
        {
            throw new JsonException($"no terminal size in the first {MaxPendingBytes} bytes of the resize stream");
        }

        return sizes;
    }

    /// <summary>The length of the complete JSON value the bytes start with; false when it is not all there yet.</summary>
    private static bool TryMeasureValue(ReadOnlySpan<byte> bytes, out int length)
    {
        length = 0;
        if (bytes.IsEmpty)
        {
            return false;
        }

        var reader = new Utf8JsonReader(bytes, isFinalBlock: false, state: default);
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
        {
            return false;
        }

        length = (int)reader.BytesConsumed;
        return true;
    }

    private static TerminalSize Parse(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"a terminal size is a JSON object, not {root.ValueKind}");
        }

        ushort width = 0;
        ushort height = 0;
        foreach (var property in root.EnumerateObject())
        {
            if (string.Equals(property.Name, "Width", StringComparison.OrdinalIgnoreCase))
            {
                width = Dimension(property.Value, width);
            }
            else if (string.Equals(property.Name, "Height", StringComparison.OrdinalIgnoreCase))
            {
                height = Dimension(property.Value, height);
            }
        }

        return new TerminalSize(width, height);
    }

    /// <summary>A dimension as Go decodes a uint16: a number in range; null leaves the field as it was.</summary>
    private static ushort Dimension(JsonElement value, ushort current) => value.ValueKind switch
    {
        JsonValueKind.Null => current,
        JsonValueKind.Number when value.TryGetUInt16(out var number) => number,
        _ => throw new JsonException($"a terminal dimension is a number from 0 to 65535, not {value.GetRawText()}"),
    };
}
