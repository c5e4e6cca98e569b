namespace KubeSharp.Kubelet.Pods;

/// <summary>
/// What one sync of a pod left: the runtime's view of it, why containers that are not running are
/// waiting (reason and message, by container name), and when to sync again without an event.
/// </summary>
internal sealed record PodSyncResult(
    RuntimePod Runtime,
    IReadOnlyDictionary<string, ContainerWaiting> Waiting,
    TimeSpan? RetryAfter)
{
    /// <summary>The pod cannot go on (an init container failed with restartPolicy Never, or its sandbox died after its containers ran).</summary>
    public bool Failed { get; init; }
}

internal readonly record struct ContainerWaiting(string Reason, string Message);
