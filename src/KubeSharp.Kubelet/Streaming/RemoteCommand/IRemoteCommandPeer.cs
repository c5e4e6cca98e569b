namespace KubeSharp.Kubelet.Streaming.RemoteCommand;

/// <summary>The user's end of a session once the connection is upgraded: WebSocket channels or SPDY streams.</summary>
internal interface IRemoteCommandPeer
{
    /// <summary>
    /// Forwards the user's stdin, its close and terminal resizes to the input until the user's
    /// connection ends, then returns; throws <see cref="OperationCanceledException"/> when cancelled.
    /// Input that comes after <see cref="FinishAsync"/> is dropped.
    /// </summary>
    Task ForwardInputAsync(IRemoteCommandInput input, CancellationToken cancellationToken);

    /// <summary>Sends output on the user's stdout or stderr; dropped when the user did not ask for that stream.</summary>
    ValueTask WriteOutputAsync(RemoteCommandChannel channel, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Reports how the command ended in the protocol's format and ends the output, leaving the user to close the connection.</summary>
    Task FinishAsync(RemoteCommandStatus status, CancellationToken cancellationToken);
}
