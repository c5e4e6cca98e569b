namespace KubeSharp.Scheduler.Framework;

/// <summary>A pod waiting in the scheduling queue, with its attempt history.</summary>
public sealed class QueuedPodInfo(PodInfo podInfo, DateTimeOffset timestamp)
{
    public PodInfo PodInfo { get; set; } = podInfo;

    /// <summary>When the pod was last added to the queue (the tie-breaker of PrioritySort).</summary>
    public DateTimeOffset Timestamp { get; set; } = timestamp;

    /// <summary>When the pod was first tried, for the scheduling latency metric.</summary>
    public DateTimeOffset? InitialAttemptTimestamp { get; set; }

    public int Attempts { get; set; }

    /// <summary>Plugins that rejected the pod in its last attempt: only events they care about requeue it.</summary>
    public HashSet<string> UnschedulablePlugins { get; } = new(StringComparer.Ordinal);

    /// <summary>Insertion order, the queue's last tie-breaker.</summary>
    internal long Sequence { get; set; }

    /// <summary>Held back by a PreEnqueue plugin (scheduling gates).</summary>
    internal bool Gated { get; set; }

    /// <summary>The last attempt failed with an error (not a rejection): requeue after backoff whatever happens.</summary>
    public bool FailedWithError { get; set; }
}
