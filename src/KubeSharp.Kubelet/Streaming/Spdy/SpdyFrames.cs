namespace KubeSharp.Kubelet.Streaming.Spdy;

/// <summary>
/// The frames of SPDY/3.1 (draft 3.1 §2.2, §2.6) as <see cref="SpdyFrameReader"/> decodes them. Control frames
/// carry version 3; header blocks are already decompressed into lower-case names with their first value.
/// </summary>
internal abstract record SpdyFrame
{
    /// <summary>The sender sends no more on this stream (DATA, SYN_STREAM, SYN_REPLY, HEADERS).</summary>
    public const byte FlagFin = 0x01;

    /// <summary>On SYN_STREAM: the recipient may not send on the stream.</summary>
    public const byte FlagUnidirectional = 0x02;
}

/// <summary>A DATA frame. <see cref="Data"/> lies in the reader's buffer: it is valid until the next read.</summary>
internal sealed record DataFrame(uint StreamId, byte Flags, ReadOnlyMemory<byte> Data) : SpdyFrame
{
    public bool Fin => (Flags & FlagFin) != 0;
}

internal sealed record SynStreamFrame(uint StreamId, uint AssociatedStreamId, byte Priority, byte Flags, IReadOnlyDictionary<string, string> Headers) : SpdyFrame
{
    public bool Fin => (Flags & FlagFin) != 0;

    public bool Unidirectional => (Flags & FlagUnidirectional) != 0;
}

internal sealed record SynReplyFrame(uint StreamId, byte Flags, IReadOnlyDictionary<string, string> Headers) : SpdyFrame
{
    public bool Fin => (Flags & FlagFin) != 0;
}

internal sealed record RstStreamFrame(uint StreamId, RstStreamStatus Status) : SpdyFrame;

internal sealed record SettingsFrame(IReadOnlyList<SpdySetting> Settings) : SpdyFrame;

internal sealed record PingFrame(uint Id) : SpdyFrame;

internal sealed record GoAwayFrame(uint LastGoodStreamId, GoAwayStatus Status) : SpdyFrame;

internal sealed record HeadersFrame(uint StreamId, byte Flags, IReadOnlyDictionary<string, string> Headers) : SpdyFrame
{
    public bool Fin => (Flags & FlagFin) != 0;
}

/// <summary>Stream id 0 updates the session's window (SPDY/3.1), any other id that stream's.</summary>
internal sealed record WindowUpdateFrame(uint StreamId, uint Delta) : SpdyFrame;

/// <summary>One ID/value pair of a SETTINGS frame; the 8 flag bits sit above the 24-bit id on the wire.</summary>
internal readonly record struct SpdySetting(byte Flags, uint Id, uint Value)
{
    /// <summary>SETTINGS_INITIAL_WINDOW_SIZE: the window every new stream of the sender's peer starts with.</summary>
    public const uint InitialWindowSizeId = 7;
}

/// <summary>The type field of a control frame.</summary>
internal enum SpdyControlType
{
    SynStream = 1,
    SynReply = 2,
    RstStream = 3,
    Settings = 4,
    Ping = 6,
    GoAway = 7,
    Headers = 8,
    WindowUpdate = 9,
}

/// <summary>The status code of RST_STREAM (0 is not valid).</summary>
internal enum RstStreamStatus
{
    ProtocolError = 1,
    InvalidStream = 2,
    RefusedStream = 3,
    UnsupportedVersion = 4,
    Cancel = 5,
    InternalError = 6,
    FlowControlError = 7,
    StreamInUse = 8,
    StreamAlreadyClosed = 9,
    FrameTooLarge = 11,
}

/// <summary>The status code of GOAWAY.</summary>
internal enum GoAwayStatus
{
    Ok = 0,
    ProtocolError = 1,
}
