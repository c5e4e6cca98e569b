namespace KubeSharp.Kubelet.Streaming.PortForward;

/// <summary>The client's side of one forwarded connection: a SPDY data stream or a WebSocket data channel.</summary>
internal interface IForwardedStream
{
    /// <summary>What the client sent; 0 once it will send no more.</summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Tells the client the pod will send no more, where the protocol can say so.</summary>
    Task CloseWriteAsync(CancellationToken cancellationToken);
}
