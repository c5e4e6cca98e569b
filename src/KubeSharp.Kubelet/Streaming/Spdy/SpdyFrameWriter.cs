using System.Buffers.Binary;

namespace KubeSharp.Kubelet.Streaming.Spdy;

/// <summary>
/// Writes SPDY/3.1 frames onto a transport, one frame at a time for every stream of a connection: each frame is
/// built whole (its header block compressed in wire order) and goes out in one write, then a flush. A caller's
/// token only bounds the wait for its turn; once a frame has started it is written to the end (only the
/// connection closing stops it), since half a frame would break the session. The optional preface (our
/// SETTINGS) goes out before the first frame.
/// </summary>
internal sealed class SpdyFrameWriter
{
    public const int MaxFrameLength = 0xFFFFFF;

    private static readonly KeyValuePair<string, string>[] NoHeaders = [];

    private readonly Stream _transport;
    private readonly CancellationToken _closing;
    private readonly HeaderBlockEncoder _headers = new();
    private readonly SemaphoreSlim _turn = new(1, 1);
    private IReadOnlyList<SpdySetting> _preface;
    private byte[] _buffer = new byte[16 * 1024];
    private int _length;

    public SpdyFrameWriter(Stream transport, IReadOnlyList<SpdySetting> preface, CancellationToken closing)
    {
        _transport = transport;
        _preface = preface;
        _closing = closing;
    }

    public Task WriteDataAsync(uint streamId, byte flags, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        WriteFrameAsync(() =>
        {
            var frame = Begin(8 + data.Length);
            BinaryPrimitives.WriteUInt32BigEndian(frame, streamId & 0x7FFFFFFF);
            WriteFlagsAndLength(frame[4..], flags, data.Length);
            data.Span.CopyTo(frame[8..]);
        }, cancellationToken);

    public Task WriteSynStreamAsync(uint streamId, byte flags, IReadOnlyCollection<KeyValuePair<string, string>> headers, CancellationToken cancellationToken) =>
        WriteFrameAsync(() =>
        {
            var block = _headers.Encode(headers);
            var frame = BeginControl(SpdyControlType.SynStream, flags, 10 + block.Length);
            BinaryPrimitives.WriteUInt32BigEndian(frame, streamId);
            // No associated stream, priority 0 and slot 0: what spdystream sends for Kubernetes' streams.
            frame[4..10].Clear();
            block.CopyTo(frame[10..]);
        }, cancellationToken);

    /// <summary>A reply with an empty header block, as Kubernetes' servers send.</summary>
    public Task WriteSynReplyAsync(uint streamId, byte flags, CancellationToken cancellationToken) =>
        WriteFrameAsync(() =>
        {
            var block = _headers.Encode(NoHeaders);
            var frame = BeginControl(SpdyControlType.SynReply, flags, 4 + block.Length);
            BinaryPrimitives.WriteUInt32BigEndian(frame, streamId);
            block.CopyTo(frame[4..]);
        }, cancellationToken);

    public Task WriteRstStreamAsync(uint streamId, RstStreamStatus status, CancellationToken cancellationToken) =>
        WriteFrameAsync(() =>
        {
            var frame = BeginControl(SpdyControlType.RstStream, 0, 8);
            BinaryPrimitives.WriteUInt32BigEndian(frame, streamId);
            BinaryPrimitives.WriteUInt32BigEndian(frame[4..], (uint)status);
        }, cancellationToken);

    public Task WritePingAsync(uint id, CancellationToken cancellationToken) =>
        WriteFrameAsync(() => BinaryPrimitives.WriteUInt32BigEndian(BeginControl(SpdyControlType.Ping, 0, 4), id), cancellationToken);

    public Task WriteGoAwayAsync(uint lastGoodStreamId, GoAwayStatus status, CancellationToken cancellationToken) =>
        WriteFrameAsync(() =>
        {
            var frame = BeginControl(SpdyControlType.GoAway, 0, 8);
            BinaryPrimitives.WriteUInt32BigEndian(frame, lastGoodStreamId);
            BinaryPrimitives.WriteUInt32BigEndian(frame[4..], (uint)status);
        }, cancellationToken);

    /// <summary>Stream id 0 grows the session's window.</summary>
    public Task WriteWindowUpdateAsync(uint streamId, uint delta, CancellationToken cancellationToken) =>
        WriteFrameAsync(() =>
        {
            var frame = BeginControl(SpdyControlType.WindowUpdate, 0, 8);
            BinaryPrimitives.WriteUInt32BigEndian(frame, streamId);
            BinaryPrimitives.WriteUInt32BigEndian(frame[4..], delta);
        }, cancellationToken);

    private async Task WriteFrameAsync(Action build, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            _length = 0;
            if (_preface.Count > 0)
            {
                AppendSettings(_preface);
            }

            build();
            await _transport.WriteAsync(_buffer.AsMemory(0, _length), _closing);
            await _transport.FlushAsync(_closing);
            _preface = [];
        }
        finally
        {
            _turn.Release();
        }
    }

    private void AppendSettings(IReadOnlyList<SpdySetting> settings)
    {
        var frame = BeginControl(SpdyControlType.Settings, 0, 4 + (settings.Count * 8));
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)settings.Count);
        for (var i = 0; i < settings.Count; i++)
        {
            var entry = frame.Slice(4 + (i * 8), 8);
            BinaryPrimitives.WriteUInt32BigEndian(entry, ((uint)settings[i].Flags << 24) | (settings[i].Id & 0xFFFFFF));
            BinaryPrimitives.WriteUInt32BigEndian(entry[4..], settings[i].Value);
        }
    }

    /// <summary>Room for a control frame after what the buffer holds; the span starts after the 8-byte header.</summary>
    private Span<byte> BeginControl(SpdyControlType type, byte flags, int length)
    {
        var frame = Begin(8 + length);
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)(0x8000 | SpdyFrameReader.Version));
        BinaryPrimitives.WriteUInt16BigEndian(frame[2..], (ushort)type);
        WriteFlagsAndLength(frame[4..], flags, length);
        return frame[8..];
    }

    private Span<byte> Begin(int size)
    {
        // The length field has 24 bits.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size - 8, MaxFrameLength);
        if (_buffer.Length < _length + size)
        {
            Array.Resize(ref _buffer, Math.Max(_length + size, _buffer.Length * 2));
        }

        var frame = _buffer.AsSpan(_length, size);
        _length += size;
        return frame;
    }

    private static void WriteFlagsAndLength(Span<byte> field, byte flags, int length) =>
        BinaryPrimitives.WriteUInt32BigEndian(field, ((uint)flags << 24) | (uint)length);
}
