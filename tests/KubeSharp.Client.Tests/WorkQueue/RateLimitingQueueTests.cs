using KubeSharp.Client.WorkQueue;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Client.Tests.WorkQueue;

public sealed class RateLimitingQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new();

    private RateLimitingQueue<string> NewQueue() =>
        new(new ExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000)), _time);

    [Fact]
    public async Task Repeated_adds_collapse_and_an_item_in_process_is_requeued_only_after_done()
    {
        using var queue = NewQueue();
        queue.Add("a");
        queue.Add("a");
        queue.Add("b");
        Assert.Equal(2, queue.Length);

        var (first, _) = await queue.GetAsync(default);
        queue.Add("a");
        Assert.Equal(1, queue.Length);

        var (second, _) = await queue.GetAsync(default);
        Assert.Equal(("a", "b"), (first, second));
        Assert.Equal(0, queue.Length);

        queue.Done("a");
        Assert.Equal(1, queue.Length);
        Assert.Equal("a", (await queue.GetAsync(default)).Item);
    }

    [Fact]
    public async Task An_item_is_never_handed_to_two_workers_at_once()
    {
        using var queue = NewQueue();
        queue.Add("a");
        var (item, _) = await queue.GetAsync(default);

        var second = queue.GetAsync(default);
        queue.Add("a");
        Assert.False(second.IsCompleted);

        queue.Done(item);
        Assert.Equal("a", (await second.WaitAsync(Patience)).Item);
    }

    [Fact]
    public async Task Delayed_adds_wait_for_the_clock_and_the_earliest_wins()
    {
        using var queue = NewQueue();
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(2));
        queue.AddAfter("a", TimeSpan.FromSeconds(5));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, queue.Length);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Length);
        Assert.Equal("a", (await queue.GetAsync(default)).Item);
        queue.Done("a");

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, queue.Length);
    }

    [Fact]
    public void Retries_back_off_exponentially_until_forgotten()
    {
        using var queue = NewQueue();

        queue.AddRateLimited("a");
        queue.AddRateLimited("a");
        queue.AddRateLimited("a");

        Assert.Equal(3, queue.NumRequeues("a"));
        queue.Forget("a");
        Assert.Equal(0, queue.NumRequeues("a"));
    }

    [Fact]
    public void Exponential_delays_double_and_cap()
    {
        var limiter = new ExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(30));

        var delays = Enumerable.Range(0, 5).Select(_ => limiter.When("a").TotalMilliseconds).ToList();

        Assert.Equal([5, 10, 20, 30, 30], delays);
        Assert.Equal(5, limiter.When("b").TotalMilliseconds);
    }

    [Fact]
    public void The_bucket_spends_its_burst_then_waits_for_tokens()
    {
        var bucket = new BucketRateLimiter<string>(qps: 2, burst: 2, _time);

        Assert.Equal(TimeSpan.Zero, bucket.When("a"));
        Assert.Equal(TimeSpan.Zero, bucket.When("b"));
        Assert.Equal(TimeSpan.FromSeconds(0.5), bucket.When("c"));
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.Zero, bucket.When("d"));
    }

    [Fact]
    public async Task Shutdown_lets_workers_drain_then_tells_them_to_stop()
    {
        using var queue = NewQueue();
        queue.Add("a");
        queue.ShutDown();
        queue.Add("b");

        var first = await queue.GetAsync(default);
        var second = await queue.GetAsync(default).WaitAsync(Patience);
        var third = await queue.GetAsync(default).WaitAsync(Patience);

        Assert.Equal(("a", false), first);
        Assert.True(second.Shutdown);
        Assert.True(third.Shutdown);
    }
}
