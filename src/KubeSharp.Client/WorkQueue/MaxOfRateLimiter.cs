namespace KubeSharp.Client.WorkQueue;

/// <summary>The longest delay any of its limiters asks for (client-go's MaxOfRateLimiter).</summary>
public sealed class MaxOfRateLimiter<T>(params IRateLimiter<T>[] limiters) : IRateLimiter<T>
    where T : notnull
{
    public TimeSpan When(T item) => limiters.Select(l => l.When(item)).Max();

    public void Forget(T item)
    {
        foreach (var limiter in limiters)
        {
            limiter.Forget(item);
        }
    }

    public int NumRequeues(T item) => limiters.Max(l => l.NumRequeues(item));

    /// <summary>Controllers' default: 5 ms doubling to 1,000 s per item, and 10 qps with a burst of 100 overall.</summary>
    public static MaxOfRateLimiter<T> ControllerDefault(TimeProvider time) => new(
        new ExponentialFailureRateLimiter<T>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000)),
        new BucketRateLimiter<T>(10, 100, time));
}
