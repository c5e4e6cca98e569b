namespace KubeSharp.Client.WorkQueue;

/// <summary>How long an item waits before it is retried (client-go's workqueue.TypedRateLimiter).</summary>
public interface IRateLimiter<in T>
{
    /// <summary>The delay for the item's next retry; each call counts as a failure.</summary>
    TimeSpan When(T item);

    /// <summary>The item succeeded: its failures are forgotten.</summary>
    void Forget(T item);

    int NumRequeues(T item);
}
