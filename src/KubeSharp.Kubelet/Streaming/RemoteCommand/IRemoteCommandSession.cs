namespace KubeSharp.Kubelet.Streaming.RemoteCommand;

/// <summary>
/// A command running (or a container attached) in the runtime, with the streams its request asked
/// for. Input after the command ended is dropped and a failed stream reads as ended, so that the
/// session's end comes from the status. Disposing it closes the connection to the runtime.
/// </summary>
internal interface IRemoteCommandSession : IRemoteCommandInput, IAsyncDisposable
{
    /// <summary>Reads the command's stdout or stderr; 0 once that stream has ended, or at once for a stream not asked for.</summary>
    ValueTask<int> ReadOutputAsync(RemoteCommandChannel channel, Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>How the command ended, as the runtime reports it on the error stream; read after stdout and stderr have ended.</summary>
    Task<RemoteCommandStatus> ReadStatusAsync(CancellationToken cancellationToken);
}
