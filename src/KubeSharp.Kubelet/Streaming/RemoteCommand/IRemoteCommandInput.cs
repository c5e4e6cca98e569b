namespace KubeSharp.Kubelet.Streaming.RemoteCommand;

/// <summary>Where the user's input goes: the command's stdin and its terminal's size.</summary>
internal interface IRemoteCommandInput
{
    /// <summary>Writes to the command's stdin; dropped when the session has no stdin (any more).</summary>
    ValueTask WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Closes the command's stdin: the user has no more input.</summary>
    Task CloseStdinAsync(CancellationToken cancellationToken);

    /// <summary>Resizes the command's terminal; dropped without one.</summary>
    ValueTask ResizeAsync(TerminalSize size, CancellationToken cancellationToken);
}
