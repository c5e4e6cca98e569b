using KubeSharp.Kubelet.Streaming.Spdy;

namespace KubeSharp.Kubelet.Streaming.PortForward;

/// <summary>A request's SPDY data stream as the client's side of a forwarded connection; our half-close is sent once.</summary>
internal sealed class SpdyForwardedStream(SpdyStream stream) : IForwardedStream
{
    private int _writeClosed;

    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) => stream.ReadAsync(buffer, cancellationToken);

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => stream.WriteAsync(data, cancellationToken);

    public Task CloseWriteAsync(CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref _writeClosed, 1) == 0 ? stream.CloseWriteAsync(cancellationToken) : Task.CompletedTask;
}
