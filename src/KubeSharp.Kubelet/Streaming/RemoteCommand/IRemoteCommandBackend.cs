namespace KubeSharp.Kubelet.Streaming.RemoteCommand;

/// <summary>The container runtime's side of exec and attach: a streaming URL from CRI, then a connection to it.</summary>
internal interface IRemoteCommandBackend
{
    /// <summary>Asks the runtime for the session (CRI Exec or Attach) and returns the URL of its streaming server that serves it.</summary>
    /// <exception cref="RemoteCommandException">The runtime refused: the user gets the exception's Status before any stream exists.</exception>
    Task<string> PrepareAsync(RemoteCommandRequest request, CancellationToken cancellationToken);

    /// <summary>Connects to the streaming server and opens the request's streams; the command starts once they are all open.</summary>
    Task<IRemoteCommandSession> ConnectAsync(string url, RemoteCommandRequest request, CancellationToken cancellationToken);
}
