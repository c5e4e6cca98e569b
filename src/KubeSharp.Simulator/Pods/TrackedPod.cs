namespace KubeSharp.Simulator.Pods;

/// <summary>What the simulated kubelet remembers of one pod (guarded by the pod lifecycle's lock).</summary>
internal sealed class TrackedPod(string uid, DateTimeOffset seenAt)
{
    public string Uid { get; } = uid;

    /// <summary>When the simulator first saw the pod bound to its node; the start delay counts from here.</summary>
    public DateTimeOffset SeenAt { get; } = seenAt;

    /// <summary>When it was made Running (or, for a pod found running, its startTime).</summary>
    public DateTimeOffset? RunningAt { get; set; }

    /// <summary>When the simulator first saw its deletionTimestamp; the grace period counts from here.</summary>
    public DateTimeOffset? DeletionSeenAt { get; set; }

    /// <summary>The final delete was sent; nothing more to do.</summary>
    public bool DeleteSent { get; set; }

    /// <summary>The pod IP allocated for it (not for host-network pods), until released.</summary>
    public string? Ip { get; set; }
}
