namespace KubeSharp.Kubelet.Streaming.RemoteCommand;

/// <summary>
/// What the runtime is asked for: a command to run in the container (exec), or, with no command,
/// its main process (attach); and the streams to carry, as the runtime's streaming server will
/// expect them (a terminal has no stderr).
/// </summary>
internal sealed record RemoteCommandRequest(string ContainerId, IReadOnlyList<string>? Command, RemoteCommandOptions Streams);
