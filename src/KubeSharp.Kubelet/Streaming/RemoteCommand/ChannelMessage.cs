namespace KubeSharp.Kubelet.Streaming.RemoteCommand;

/// <summary>What one WebSocket message from the user holds.</summary>
internal enum ChannelMessageKind
{
    /// <summary>No bytes at all: skipped.</summary>
    Empty,

    /// <summary>Data for a channel (which may be one the session does not read: then it is dropped).</summary>
    Data,

    /// <summary>v5's close signal: the user is done writing to the channel.</summary>
    Close,

    /// <summary>Data whose base64 does not decode: dropped, as upstream drops it.</summary>
    BadPayload,

    /// <summary>A close signal without exactly one channel byte: upstream ends the connection.</summary>
    BadCloseSignal,
}

/// <summary>A decoded WebSocket message: its kind, its channel number, and for data its payload.</summary>
internal readonly record struct ChannelMessage(ChannelMessageKind Kind, int Channel, ReadOnlyMemory<byte> Payload);
