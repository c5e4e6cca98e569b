using KubeSharp.Proxy.Sync;
using KubeSharp.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Proxy.Tests.Sync;

public sealed class SyncRunnerTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly SemaphoreSlim _started = new(0);
    private readonly SemaphoreSlim _finish = new(0);
    private readonly SyncRunner _runner;
    private int _calls;
    private bool _succeeds = true;

    public SyncRunnerTests() => _runner = new SyncRunner(SyncAsync, MinInterval, MaxInterval, _time);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _finish.Release(100);
        await _runner.DisposeAsync();
        _started.Dispose();
        _finish.Dispose();
    }

    [Fact]
    public async Task Nothing_runs_before_the_start_and_the_first_sync_runs_at_once()
    {
        _runner.Request();
        Assert.False(_runner.IsRunning);

        _runner.Start();

        Assert.True(_runner.IsRunning);
        await FinishSyncAsync();
        Assert.Equal(1, _calls);
        Assert.Equal(Start + MaxInterval, _runner.NextRunAt);
    }

    [Fact]
    public async Task Requests_within_the_minimum_interval_become_one_sync_when_it_is_over()
    {
        await FirstSyncAsync();

        _time.Advance(TimeSpan.FromMilliseconds(200));
        _runner.Request();
        _runner.Request();
        _runner.Request();
        Assert.False(_runner.IsRunning);
        Assert.Equal(Start + MinInterval, _runner.NextRunAt);
        _time.Advance(TimeSpan.FromMilliseconds(799));
        Assert.False(_runner.IsRunning);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(_runner.IsRunning);
        await FinishSyncAsync();
        Assert.Equal(2, _calls);
        Assert.Equal(Start + MinInterval + MaxInterval, _runner.NextRunAt);
    }

    [Fact]
    public async Task A_request_after_a_quiet_period_runs_at_once()
    {
        await FirstSyncAsync();
        _time.Advance(TimeSpan.FromSeconds(5));

        _runner.Request();

        Assert.True(_runner.IsRunning);
        await FinishSyncAsync();
        Assert.Equal(2, _calls);
    }

    [Fact]
    public async Task A_request_during_a_sync_runs_after_it_within_the_limit()
    {
        _runner.Start();
        await _started.WaitAsync(Patience);

        _runner.Request();
        _finish.Release();
        await WaitIdleAsync();

        Assert.Equal(Start + MinInterval, _runner.NextRunAt);
    }

    [Fact]
    public async Task Without_requests_a_sync_runs_every_maximum_interval()
    {
        await FirstSyncAsync();

        _time.Advance(MaxInterval - TimeSpan.FromMilliseconds(1));
        Assert.False(_runner.IsRunning);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(_runner.IsRunning);
        await FinishSyncAsync();
        Assert.Equal(Start + MaxInterval + MaxInterval, _runner.NextRunAt);
    }

    [Fact]
    public async Task A_failed_sync_is_retried_after_the_minimum_interval()
    {
        _succeeds = false;
        await FirstSyncAsync();
        Assert.Equal(Start + MinInterval, _runner.NextRunAt);
        _succeeds = true;

        _time.Advance(MinInterval);

        Assert.True(_runner.IsRunning);
        await FinishSyncAsync();
        Assert.Equal(2, _calls);
        Assert.Equal(Start + MinInterval + MaxInterval, _runner.NextRunAt);
    }

    private async Task<bool> SyncAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        _started.Release();
        await _finish.WaitAsync(cancellationToken);
        return _succeeds;
    }

    private async Task FirstSyncAsync()
    {
        _runner.Start();
        await FinishSyncAsync();
    }

    /// <summary>Lets the running sync end and waits until the runner has set its timer again.</summary>
    private async Task FinishSyncAsync()
    {
        Assert.True(await _started.WaitAsync(Patience), "no sync started");
        _finish.Release();
        await WaitIdleAsync();
    }

    private Task WaitIdleAsync() =>
        Wait.UntilAsync(() => Task.FromResult(!_runner.IsRunning && _runner.NextRunAt is not null), Patience, "the runner to wait for the next sync");
}
