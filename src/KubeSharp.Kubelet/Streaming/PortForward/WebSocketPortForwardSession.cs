using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Streaming.PortForward;

/// <summary>
/// A port-forward over the WebSocket channel protocol (upstream's websocket.go; the C# client and older
/// clients): port i of the request has data channel 2i and error channel 2i + 1. Each channel first
/// carries the port number (2 bytes, little-endian); then every port gets one connection to the pod,
/// copied to and from its data channel, and a failure goes as text on its error channel. The session
/// ends, closing the WebSocket, when every port's connection has ended or when the client goes away.
/// </summary>
internal sealed partial class WebSocketPortForwardSession(WebSocket socket, bool base64, IReadOnlyList<ushort> ports, PortForwarder forwarder, TimeProvider time, ILogger logger)
{
    private const int ReceiveBufferSize = 32 * 1024;

    /// <summary>Messages held for a port before the reader waits for its connection to take them (as upstream's pipe makes it wait).</summary>
    private const int InboundMessages = 16;

    /// <summary>A base64 message is decoded whole; one larger than this ends the session.</summary>
    private const int MaxBase64MessageBytes = 16 * 1024 * 1024;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var writer = new WebSocketChannelWriter(socket, base64);
        var inbound = new Channel<byte[]>[ports.Count];
        for (var i = 0; i < inbound.Length; i++)
        {
            inbound[i] = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(InboundMessages) { SingleReader = true, SingleWriter = true });
        }

        try
        {
            var portBytes = new byte[2];
            for (var i = 0; i < ports.Count; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(portBytes, ports[i]);
                await writer.SendAsync(DataChannel(i), portBytes, session.Token);
                await writer.SendAsync(ErrorChannel(i), portBytes, session.Token);
            }
        }
        catch (Exception error)
        {
            LogEnded(logger, error.Message);
            return;
        }

        var reading = ReadAsync(inbound, session);
        var forwards = new Task[ports.Count];
        for (var i = 0; i < forwards.Length; i++)
        {
            forwards[i] = ForwardAsync(i, inbound[i], writer, session.Token);
        }

        await Task.WhenAll(forwards);

        // Every port's connection has ended (or the client went away): close, and give the client's
        // close a moment to arrive before the reader is stopped.
        using (var closing = new CancellationTokenSource(PortForwarder.CloseGrace, time))
        {
            try
            {
                await writer.CloseAsync(closing.Token);
            }
            catch (Exception error)
            {
                LogEnded(logger, error.Message);
            }

            await Task.WhenAny(reading, Task.Delay(Timeout.InfiniteTimeSpan, time, closing.Token));
            await closing.CancelAsync();
        }

        await session.CancelAsync();
        await reading;
    }

    private static byte DataChannel(int index) => (byte)(2 * index);

    private static byte ErrorChannel(int index) => (byte)((2 * index) + 1);

    private async Task ForwardAsync(int index, Channel<byte[]> inbound, WebSocketChannelWriter writer, CancellationToken token)
    {
        var client = new WebSocketChannelStream(inbound.Reader, writer, DataChannel(index));
        try
        {
            var failure = await forwarder.ForwardAsync(client, ports[index], token);
            if (failure is not null)
            {
                await writer.SendAsync(ErrorChannel(index), Encoding.UTF8.GetBytes(failure), token);
            }
        }
        catch (Exception error)
        {
            LogEnded(logger, error.Message);
        }
        finally
        {
            // Nothing takes this port's data any more: the reader drops what still comes for it.
            inbound.Writer.TryComplete();
        }
    }

    /// <summary>Hands each message to its port (data channels only: the error channels are ours to write); the client's close or any failure ends the session.</summary>
    private async Task ReadAsync(Channel<byte[]>[] inbound, CancellationTokenSource session)
    {
        var token = session.Token;
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
        var text = new ArrayBufferWriter<byte>();
        byte? channel = null;
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                var chunk = buffer.AsMemory(0, result.Count);
                if (channel is null && !chunk.IsEmpty)
                {
                    // A message's first byte names its channel; the rest of the message is that channel's.
                    channel = base64 ? (byte)(chunk.Span[0] - '0') : chunk.Span[0];
                    chunk = chunk[1..];
                }

                if (channel is { } current)
                {
                    if (!base64)
                    {
                        if (!chunk.IsEmpty)
                        {
                            await DeliverAsync(inbound, current, chunk.ToArray(), token);
                        }
                    }
                    else if (text.WrittenCount + chunk.Length > MaxBase64MessageBytes)
                    {
                        LogEnded(logger, "a base64 message exceeded the size limit");
                        return;
                    }
                    else
                    {
                        text.Write(chunk.Span);
                        if (result.EndOfMessage && Decode(text.WrittenSpan) is { Length: > 0 } data)
                        {
                            await DeliverAsync(inbound, current, data, token);
                        }
                    }
                }

                if (result.EndOfMessage)
                {
                    channel = null;
                    text.Clear();
                }
            }
        }
        catch (Exception error)
        {
            LogEnded(logger, error.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await session.CancelAsync();
        }
    }

    private static async ValueTask DeliverAsync(Channel<byte[]>[] inbound, byte channel, byte[] data, CancellationToken token)
    {
        if (channel % 2 != 0 || channel / 2 >= inbound.Length)
        {
            return;
        }

        var writer = inbound[channel / 2].Writer;
        if (await writer.WaitToWriteAsync(token))
        {
            _ = writer.TryWrite(data);
        }
    }

    /// <summary>The message's data, or null when it is not base64 (upstream drops such a message).</summary>
    private static byte[]? Decode(ReadOnlySpan<byte> text)
    {
        var data = new byte[Base64.GetMaxDecodedFromUtf8Length(text.Length)];
        return Base64.DecodeFromUtf8(text, data, out _, out var written) == OperationStatus.Done ? data[..written] : null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "port-forward: WebSocket session: {Reason}")]
    private static partial void LogEnded(ILogger logger, string reason);
}
