using System.Net.WebSockets;

namespace KubeSharp.Kubelet.Streaming.Spdy;

/// <summary>
/// A byte stream over a WebSocket whose binary messages carry raw SPDY bytes with no framing of their own: how
/// kubectl 1.30+ tunnels port-forwarding's SPDY through WebSocket (subprotocol "SPDY/3.1+portforward.k8s.io";
/// upstream's TunnelingConnection and streamtunnel.go). Reads return the bytes of the current message and go
/// on into the next (boundaries carry no meaning: spdystream writes a frame in several pieces); 0 once the peer
/// closes. Each write is one binary message. Disposing sends a normal close and disposes the WebSocket, which
/// this stream owns. WebSocket failures surface as <see cref="IOException"/>, a text message as
/// <see cref="InvalidDataException"/>.
/// </summary>
internal sealed class WebSocketTunnelStream(WebSocket socket) : Stream
{
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(2);

    private bool _closeReceived;
    private int _disposed;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty || _closeReceived)
        {
            return 0;
        }

        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _closeReceived = true;
                    return 0;
                }

                if (result.MessageType != WebSocketMessageType.Binary)
                {
                    throw new InvalidDataException("a text message in a SPDY tunnel");
                }

                // An empty message carries nothing; 0 would read as the end.
                if (result.Count > 0)
                {
                    return result.Count;
                }
            }
        }
        catch (WebSocketException error)
        {
            throw new IOException(error.Message, error);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return;
        }

        try
        {
            await socket.SendAsync(buffer, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        }
        catch (WebSocketException error)
        {
            throw new IOException(error.Message, error);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    /// <summary>Every message is sent whole when its write returns.</summary>
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await CloseAsync();
        }

        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            CloseAsync().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// Sends our close (or answers the peer's) without waiting for the peer's answer, as upstream does, then lets
    /// the WebSocket go; a pending read ends with it. A peer that does not read gets <see cref="CloseWait"/>.
    /// </summary>
    private async Task CloseAsync()
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var bound = new CancellationTokenSource(CloseWait);
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, bound.Token);
            }
        }
        catch (Exception error) when (error is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is gone already; there is nobody to tell.
        }
        finally
        {
            socket.Dispose();
        }
    }
}
