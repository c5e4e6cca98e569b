using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Pods;

/// <summary>What the container runtime holds for one pod: its sandboxes (newest first) and every container of them.</summary>
internal sealed class RuntimePod(IReadOnlyList<RuntimeSandbox> sandboxes, IReadOnlyList<RuntimeContainer> containers)
{
    public IReadOnlyList<RuntimeSandbox> Sandboxes { get; } = sandboxes;

    public IReadOnlyList<RuntimeContainer> Containers { get; } = containers;

    /// <summary>The newest sandbox, which the pod's containers run in.</summary>
    public RuntimeSandbox? Sandbox => Sandboxes.Count > 0 ? Sandboxes[0] : null;

    /// <summary>The latest container of that name (any sandbox), the one whose state the pod status shows.</summary>
    public RuntimeContainer? Latest(string name) => Containers
        .Where(c => c.Name == name)
        .MaxBy(c => (c.Attempt, c.CreatedAt));

    /// <summary>The container of that name before the latest one: its end is the status' lastState.</summary>
    public RuntimeContainer? Previous(string name) => Containers
        .Where(c => c.Name == name)
        .OrderByDescending(c => (c.Attempt, c.CreatedAt))
        .Skip(1)
        .FirstOrDefault();

    public bool HasRunningContainers => Containers.Any(c => c.State == ContainerState.ContainerRunning);
}

internal sealed record RuntimeSandbox(string Id, uint Attempt, PodSandboxState State, DateTimeOffset CreatedAt, string? Ip, IReadOnlyList<string> Ips);

internal sealed record RuntimeContainer(
    string Id,
    string Name,
    string SandboxId,
    uint Attempt,
    ContainerState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int ExitCode,
    string Reason,
    string Message,
    string Image,
    string ImageRef,
    string Hash,
    int RestartCount,
    string? TerminationLogPath,
    string LogPath)
{
    public bool Running => State == ContainerState.ContainerRunning;

    public bool Exited => State == ContainerState.ContainerExited;
}
