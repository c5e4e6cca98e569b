using System.Buffers;
using System.Buffers.Text;
using System.Net.WebSockets;

namespace KubeSharp.Kubelet.Streaming.RemoteCommand;

/// <summary>
/// The framing of upstream's WebSocket channel protocols (wsstream): every message starts with its
/// channel's number as a byte (binary messages), or as a digit followed by the data in base64 (the
/// base64 protocols, text messages). v5 adds the close signal, the two bytes 255 and the channel. The
/// error stream carries a JSON Status from v4 on, the error's text before.
/// </summary>
internal sealed class WebSocketChannelCodec
{
    /// <summary>v5's first byte of a close signal (upstream's StreamClose).</summary>
    public const byte CloseSignal = 255;

    private WebSocketChannelCodec(string protocol, bool isBase64, bool supportsCloseSignal)
    {
        IsBase64 = isBase64;
        SupportsCloseSignal = supportsCloseSignal;
        JsonStatus = RemoteCommandProtocols.HasJsonStatus(protocol);
    }

    public bool IsBase64 { get; }

    public bool SupportsCloseSignal { get; }

    public bool JsonStatus { get; }

    /// <summary>The type of the messages the server sends (upstream receives either).</summary>
    public WebSocketMessageType MessageType => IsBase64 ? WebSocketMessageType.Text : WebSocketMessageType.Binary;

    /// <summary>The framing of the negotiated subprotocol; empty when the client named none (binary channels, v1).</summary>
    public static WebSocketChannelCodec For(string protocol) => protocol switch
    {
        RemoteCommandProtocols.V5 => new WebSocketChannelCodec(protocol, isBase64: false, supportsCloseSignal: true),
        RemoteCommandProtocols.Base64V1 or RemoteCommandProtocols.Base64V4 => new WebSocketChannelCodec(protocol, isBase64: true, supportsCloseSignal: false),
        _ => new WebSocketChannelCodec(protocol, isBase64: false, supportsCloseSignal: false),
    };

    /// <summary>The most bytes a message with that much data takes.</summary>
    public int MaxEncodedLength(int dataLength) => 1 + (IsBase64 ? Base64.GetMaxEncodedToUtf8Length(dataLength) : dataLength);

    /// <summary>Writes the message for the channel's data into the destination (at least <see cref="MaxEncodedLength"/> long) and returns its length.</summary>
    public int Encode(RemoteCommandChannel channel, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (!IsBase64)
        {
            destination[0] = (byte)channel;
            data.CopyTo(destination[1..]);
            return 1 + data.Length;
        }

        destination[0] = (byte)('0' + (int)channel);
        Base64.EncodeToUtf8(data, destination[1..], out _, out var written);
        return 1 + written;
    }

    /// <summary>The message for the channel's data.</summary>
    public byte[] Encode(RemoteCommandChannel channel, ReadOnlySpan<byte> data)
    {
        var message = new byte[MaxEncodedLength(data.Length)];
        var length = Encode(channel, data, message);
        return length == message.Length ? message : message[..length];
    }

    /// <summary>Reads a message the user sent. A binary payload is a slice of the message; a base64 one is decoded into new memory.</summary>
    public ChannelMessage Decode(ReadOnlyMemory<byte> message)
    {
        if (message.IsEmpty)
        {
            return new ChannelMessage(ChannelMessageKind.Empty, 0, default);
        }

        var first = message.Span[0];
        if (SupportsCloseSignal && first == CloseSignal)
        {
            return message.Length == 2
                ? new ChannelMessage(ChannelMessageKind.Close, message.Span[1], default)
                : new ChannelMessage(ChannelMessageKind.BadCloseSignal, 0, default);
        }

        if (!IsBase64)
        {
            return new ChannelMessage(ChannelMessageKind.Data, first, message[1..]);
        }

        // A digit; anything else lands outside the channels and is dropped.
        var channel = first - '0';
        var encoded = message.Span[1..];
        var decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(encoded.Length)];
        return Base64.DecodeFromUtf8(encoded, decoded, out _, out var written) == OperationStatus.Done
            ? new ChannelMessage(ChannelMessageKind.Data, channel, decoded.AsMemory(0, written))
            : new ChannelMessage(ChannelMessageKind.BadPayload, channel, default);
    }
}
