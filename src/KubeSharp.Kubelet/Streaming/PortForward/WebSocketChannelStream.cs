using System.Threading.Channels;

namespace KubeSharp.Kubelet.Streaming.PortForward;

/// <summary>
/// One port's data channel of a WebSocket channel-protocol session as the client's side of its forwarded
/// connection: the session's reader hands over the channel's messages, writes go out on the channel.
/// </summary>
internal sealed class WebSocketChannelStream(ChannelReader<byte[]> inbound, WebSocketChannelWriter writer, byte channel) : IForwardedStream
{
    private ReadOnlyMemory<byte> _pending;

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (_pending.IsEmpty)
        {
            if (!await inbound.WaitToReadAsync(cancellationToken))
            {
                return 0;
            }

            if (inbound.TryRead(out var message))
            {
                _pending = message;
            }
        }

        var count = Math.Min(buffer.Length, _pending.Length);
        _pending[..count].CopyTo(buffer);
        _pending = _pending[count..];
        return count;
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => writer.SendAsync(channel, data, cancellationToken);

    /// <summary>The v4 channel protocol cannot say that one direction ended: the session's end says it instead.</summary>
    public Task CloseWriteAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
