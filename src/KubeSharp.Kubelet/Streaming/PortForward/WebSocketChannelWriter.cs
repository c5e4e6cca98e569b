using System.Buffers;
using System.Buffers.Text;
using System.Net.WebSockets;

namespace KubeSharp.Kubelet.Streaming.PortForward;

/// <summary>
/// Writes to the channels of a WebSocket channel-protocol session: one message per write, its channel's
/// number first (binary), or in <c>v4.base64.channel.k8s.io</c> the number as a digit and the data in
/// base64 (text). A WebSocket takes one send at a time, so the session's writers queue here.
/// </summary>
internal sealed class WebSocketChannelWriter(WebSocket socket, bool base64) : IDisposable
{
    private readonly SemaphoreSlim _sending = new(1, 1);

    public async ValueTask SendAsync(byte channel, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var frame = ArrayPool<byte>.Shared.Rent(1 + (base64 ? Base64.GetMaxEncodedToUtf8Length(data.Length) : data.Length));
        try
        {
            var length = Encode(channel, data.Span, frame);
            await _sending.WaitAsync(cancellationToken);
            try
            {
                await socket.SendAsync(frame.AsMemory(0, length), base64 ? WebSocketMessageType.Text : WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
            }
            finally
            {
                _sending.Release();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    /// <summary>Our close of the WebSocket, unless it is closed or broken already.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
            }
        }
        finally
        {
            _sending.Release();
        }
    }

    public void Dispose() => _sending.Dispose();

    private int Encode(byte channel, ReadOnlySpan<byte> data, Span<byte> frame)
    {
        if (!base64)
        {
            frame[0] = channel;
            data.CopyTo(frame[1..]);
            return 1 + data.Length;
        }

        frame[0] = (byte)('0' + channel);
        Base64.EncodeToUtf8(data, frame[1..], out _, out var written);
        return 1 + written;
    }
}
