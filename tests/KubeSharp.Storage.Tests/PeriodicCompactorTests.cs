using KubeSharp.Storage.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Storage.Tests;

public sealed class PeriodicCompactorTests
{
    // The timer's own interval is longer than any test runs, so only the test's ticks happen.
    private static readonly CompactionPolicy Policy = new()
    {
        Interval = TimeSpan.FromHours(1),
        MinRetention = TimeSpan.FromMinutes(5),
        MinRevisions = 10,
    };

    [Fact]
    public async Task Compacts_to_the_newest_revision_older_than_the_retention()
    {
        var time = new FakeTimeProvider();
        await using var store = new MemoryBackend(new StorageOptions { TimeProvider = time });
        await using var compactor = new PeriodicCompactor(store, Policy, time, NullLogger.Instance);
        var revisionsAtMinute = new List<long>();
        for (var minute = 0; minute <= 7; minute++)
        {
            await WriteAsync(store, 20);
            revisionsAtMinute.Add(await store.GetCurrentRevisionAsync(default));
            await compactor.TickAsync();
            time.Advance(TimeSpan.FromMinutes(1));
        }

        // At minute 7, the samples of minutes 0..2 are at least 5 minutes old: minute 2 is the newest such.
        Assert.Equal(revisionsAtMinute[2], await store.GetCompactedRevisionAsync(default));
    }

    [Fact]
    public async Task Keeps_at_least_the_last_MinRevisions_revisions()
    {
        var time = new FakeTimeProvider();
        await using var store = new MemoryBackend(new StorageOptions { TimeProvider = time });
        await using var compactor = new PeriodicCompactor(store, Policy, time, NullLogger.Instance);
        await WriteAsync(store, 15);
        await compactor.TickAsync();
        time.Advance(TimeSpan.FromMinutes(6));

        var compactedTo = await compactor.TickAsync();

        Assert.Equal(5, compactedTo);
        Assert.Equal(5, await store.GetCompactedRevisionAsync(default));
    }

    [Fact]
    public async Task Does_nothing_before_the_retention_has_passed()
    {
        var time = new FakeTimeProvider();
        await using var store = new MemoryBackend(new StorageOptions { TimeProvider = time });
        await using var compactor = new PeriodicCompactor(store, Policy, time, NullLogger.Instance);
        await WriteAsync(store, 100);
        await compactor.TickAsync();
        time.Advance(TimeSpan.FromMinutes(4));

        Assert.Equal(0, await compactor.TickAsync());
        Assert.Equal(0, await store.GetCompactedRevisionAsync(default));
    }

    private static async Task WriteAsync(IStorageBackend store, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await store.CreateAsync($"/k/{Guid.NewGuid():N}", [1], default);
        }
    }
}
