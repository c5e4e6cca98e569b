using System.Buffers.Binary;

namespace KubeSharp.Kubelet.Streaming.Spdy;

/// <summary>
/// Reads SPDY/3.1 frames off a transport (draft 3.1 §2.2): an 8-byte header (control bit, version and type, or
/// stream id; flags; 24-bit length), then the payload. Header blocks pass through the connection's one
/// <see cref="HeaderBlockDecoder"/>; control frames of unknown types are skipped, as the draft asks. One reader
/// at a time.
/// </summary>
internal sealed class SpdyFrameReader(Stream transport)
{
    public const int Version = 3;

    /// <summary>A bound on control frames (the draft asks for at least 8,192 bytes); DATA may use all 24 bits.</summary>
    public const int MaxControlFrameLength = 1024 * 1024;

    private readonly HeaderBlockDecoder _headers = new();
    private readonly byte[] _header = new byte[8];
    private byte[] _payload = new byte[16 * 1024];

    /// <summary>The next frame, or null when the transport ends between frames.</summary>
    /// <exception cref="InvalidDataException">The peer broke the framing: the session cannot go on.</exception>
    /// <exception cref="EndOfStreamException">The transport ended inside a frame.</exception>
    public async ValueTask<SpdyFrame?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await transport.ReadAtLeastAsync(_header, _header.Length, throwOnEndOfStream: false, cancellationToken);
            if (read == 0)
            {
                return null;
            }

            if (read < _header.Length)
            {
                throw new EndOfStreamException("the SPDY transport ended inside a frame header");
            }

            var first = BinaryPrimitives.ReadUInt32BigEndian(_header);
            var flags = _header[4];
            var length = (int)(BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(4)) & 0xFFFFFF);
            if ((first & 0x80000000) == 0)
            {
                await ReadPayloadAsync(length, cancellationToken);
                return new DataFrame(first & 0x7FFFFFFF, flags, _payload.AsMemory(0, length));
            }

            if (length > MaxControlFrameLength)
            {
                throw new InvalidDataException($"SPDY control frame of {length} bytes");
            }

            await ReadPayloadAsync(length, cancellationToken);
            var version = (first >> 16) & 0x7FFF;
            if (version != Version)
            {
                throw new InvalidDataException($"SPDY version {version}; only {Version} is spoken");
            }

            if (ParseControl((SpdyControlType)(first & 0xFFFF), flags, length) is { } frame)
            {
                return frame;
            }
        }
    }

    private async ValueTask ReadPayloadAsync(int length, CancellationToken cancellationToken)
    {
        if (_payload.Length < length)
        {
            _payload = new byte[Math.Max(length, _payload.Length * 2)];
        }

        await transport.ReadExactlyAsync(_payload.AsMemory(0, length), cancellationToken);
    }

    private SpdyFrame? ParseControl(SpdyControlType type, byte flags, int length)
    {
        var payload = _payload.AsSpan(0, length);
        switch (type)
        {
            case SpdyControlType.SynStream:
                RequireLength(type, length, 10, exact: false);
                return new SynStreamFrame(
                    StreamId(payload), StreamId(payload[4..]), (byte)(payload[8] >> 5), flags, _headers.Decode(_payload, 10, length - 10));
            case SpdyControlType.SynReply:
                RequireLength(type, length, 4, exact: false);
                return new SynReplyFrame(StreamId(payload), flags, _headers.Decode(_payload, 4, length - 4));
            case SpdyControlType.Headers:
                RequireLength(type, length, 4, exact: false);
                return new HeadersFrame(StreamId(payload), flags, _headers.Decode(_payload, 4, length - 4));
            case SpdyControlType.RstStream:
                RequireLength(type, length, 8, exact: true);
                return new RstStreamFrame(StreamId(payload), (RstStreamStatus)BinaryPrimitives.ReadUInt32BigEndian(payload[4..]));
            case SpdyControlType.Settings:
                return ParseSettings(payload);
            case SpdyControlType.Ping:
                RequireLength(type, length, 4, exact: true);
                return new PingFrame(BinaryPrimitives.ReadUInt32BigEndian(payload));
            case SpdyControlType.GoAway:
                // SPDY/3 added the status; a 4-byte GOAWAY (SPDY/2's shape) still means "go away".
                RequireLength(type, length, 4, exact: false);
                return new GoAwayFrame(StreamId(payload), length >= 8 ? (GoAwayStatus)BinaryPrimitives.ReadUInt32BigEndian(payload[4..]) : GoAwayStatus.Ok);
            case SpdyControlType.WindowUpdate:
                RequireLength(type, length, 8, exact: true);
                return new WindowUpdateFrame(StreamId(payload), StreamId(payload[4..]));
            default:
                return null;
        }
    }

    private static SettingsFrame ParseSettings(ReadOnlySpan<byte> payload)
    {
        RequireLength(SpdyControlType.Settings, payload.Length, 4, exact: false);
        var count = BinaryPrimitives.ReadUInt32BigEndian(payload);
        if (count > (uint)(payload.Length - 4) / 8)
        {
            throw new InvalidDataException($"SPDY SETTINGS frame claims {count} entries in {payload.Length} bytes");
        }

        var settings = new SpdySetting[count];
        for (var i = 0; i < settings.Length; i++)
        {
            var entry = payload.Slice(4 + (i * 8), 8);
            var flagsAndId = BinaryPrimitives.ReadUInt32BigEndian(entry);
            settings[i] = new SpdySetting((byte)(flagsAndId >> 24), flagsAndId & 0xFFFFFF, BinaryPrimitives.ReadUInt32BigEndian(entry[4..]));
        }

        return new SettingsFrame(settings);
    }

    private static void RequireLength(SpdyControlType type, int length, int expected, bool exact)
    {
        if (length < expected || (exact && length != expected))
        {
            throw new InvalidDataException($"SPDY {type} frame of {length} bytes");
        }
    }

    /// <summary>A 31-bit field; the high bit is reserved.</summary>
    private static uint StreamId(ReadOnlySpan<byte> field) => BinaryPrimitives.ReadUInt32BigEndian(field) & 0x7FFFFFFF;
}
