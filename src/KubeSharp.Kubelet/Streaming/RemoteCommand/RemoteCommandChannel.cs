namespace KubeSharp.Kubelet.Streaming.RemoteCommand;

/// <summary>
/// The streams of an exec or attach session by their channel numbers (upstream's remotecommand
/// constants): stdin, stdout and stderr carry their file descriptor numbers, then the error stream
/// that reports the command's end, then terminal resize events.
/// </summary>
internal enum RemoteCommandChannel
{
    Stdin = 0,
    Stdout = 1,
    Stderr = 2,
    Error = 3,
    Resize = 4,
}
