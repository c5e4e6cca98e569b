using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Streaming.RemoteCommand;

/// <summary>
/// The user's end of a session over a WebSocket with upstream's channel framing (wsstream): channel 0
/// is read as stdin, 4 as resize events; 1 and 2 carry output when the user asked for it, and 3 the
/// status at the end, followed by the close frame. The session opens with an empty message on the
/// lowest output channel, which tells the client the connection is up. Sends are one at a time, as a
/// WebSocket requires.
/// </summary>
internal sealed partial class WebSocketRemoteCommandPeer(WebSocket socket, WebSocketChannelCodec codec, RemoteCommandOptions options, ILogger logger)
    : IRemoteCommandPeer, IDisposable
{
    // Upstream's WebSocket library limits a message to 32 MiB.
    private const int MaxMessageBytes = 32 * 1024 * 1024;

    private const int ReceiveChunk = 16 * 1024;

    private readonly SemaphoreSlim _sending = new(1, 1);

    private volatile bool _finished;

    /// <summary>Sends upstream's first message: an empty one on stdout if asked for, else stderr, else the error channel.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var channel = options.Stdout ? RemoteCommandChannel.Stdout
            : options.Stderr ? RemoteCommandChannel.Stderr
            : RemoteCommandChannel.Error;
        return SendAsync(codec.Encode(channel, []), cancellationToken);
    }

    public async Task ForwardInputAsync(IRemoteCommandInput input, CancellationToken cancellationToken)
    {
        var message = new ArrayBufferWriter<byte>(ReceiveChunk);
        var sizes = new TerminalSizeDecoder();
        var resizing = true;
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(message.GetMemory(ReceiveChunk), cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Advance(received.Count);
                if (message.WrittenCount > MaxMessageBytes)
                {
                    LogBadMessage(logger, $"a message of more than {MaxMessageBytes} bytes");
                    return;
                }

                if (!received.EndOfMessage)
                {
                    continue;
                }

                var decoded = codec.Decode(message.WrittenMemory);
                switch (decoded.Kind)
                {
                    case ChannelMessageKind.Data when !_finished:
                        resizing = await ForwardAsync(input, decoded, sizes, resizing, cancellationToken);
                        break;
                    case ChannelMessageKind.Close when decoded.Channel <= (int)RemoteCommandChannel.Resize:
                        if (decoded.Channel == (int)RemoteCommandChannel.Stdin && options.Stdin && !_finished)
                        {
                            await input.CloseStdinAsync(cancellationToken);
                        }
                        else if (decoded.Channel == (int)RemoteCommandChannel.Resize)
                        {
                            resizing = false;
                        }

                        break;
                    case ChannelMessageKind.Close:
                    case ChannelMessageKind.BadCloseSignal:
                        // Upstream ends the connection on a close signal it cannot place.
                        LogBadMessage(logger, "a malformed close signal");
                        return;
                    case ChannelMessageKind.BadPayload:
                        LogBadMessage(logger, $"data for channel {decoded.Channel} that is not base64");
                        break;
                }

                message.ResetWrittenCount();
            }
        }
        catch (WebSocketException error)
        {
            LogReceiveEnded(logger, error.Message);
        }
    }

    public async ValueTask WriteOutputAsync(RemoteCommandChannel channel, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var wanted = channel switch
        {
            RemoteCommandChannel.Stdout => options.Stdout,
            RemoteCommandChannel.Stderr => options.Stderr,
            _ => false,
        };
        if (!wanted)
        {
            return;
        }

        var frame = ArrayPool<byte>.Shared.Rent(codec.MaxEncodedLength(data.Length));
        try
        {
            var length = codec.Encode(channel, data.Span, frame);
            await SendAsync(frame.AsMemory(0, length), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    public async Task FinishAsync(RemoteCommandStatus status, CancellationToken cancellationToken)
    {
        _finished = true;
        var report = codec.JsonStatus ? status.ToJson() : status.ToText();
        if (report.Length > 0)
        {
            await SendAsync(codec.Encode(RemoteCommandChannel.Error, report), cancellationToken);
        }

        await _sending.WaitAsync(cancellationToken);
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    public void Dispose() => _sending.Dispose();

    /// <summary>Hands a data message to the input; returns whether resize events are still read.</summary>
    private async Task<bool> ForwardAsync(IRemoteCommandInput input, ChannelMessage message, TerminalSizeDecoder sizes, bool resizing, CancellationToken cancellationToken)
    {
        if (message.Channel == (int)RemoteCommandChannel.Stdin && options.Stdin && !message.Payload.IsEmpty)
        {
            await input.WriteStdinAsync(message.Payload, cancellationToken);
        }
        else if (message.Channel == (int)RemoteCommandChannel.Resize && resizing)
        {
            try
            {
                foreach (var size in sizes.Append(message.Payload.Span))
                {
                    await input.ResizeAsync(size, cancellationToken);
                }
            }
            catch (JsonException error)
            {
                LogBadMessage(logger, $"a resize event that is not a terminal size ({error.Message}); further resize events are ignored");
                return false;
            }
        }

        return resizing;
    }

    private async Task SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(message, codec.MessageType, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "remote command: the client sent {What}")]
    private static partial void LogBadMessage(ILogger logger, string what);

    [LoggerMessage(Level = LogLevel.Debug, Message = "remote command: the WebSocket ended: {Reason}")]
    private static partial void LogReceiveEnded(ILogger logger, string reason);
}
