using System.Text;
using System.Threading.Channels;

namespace KubeSharp.Storage.Tests;

/// <summary>
/// The contract every backend keeps. Each backend's test class derives from this and says how to
/// make a fresh store; all facts here run against each.
/// </summary>
public abstract class StorageContractTests
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>A store with no keys under the returned prefix, and the prefix to use.</summary>
    protected abstract Task<(IStorageBackend Store, string Prefix)> CreateStoreAsync(StorageOptions options);

    protected static byte[] Text(string value) => Encoding.UTF8.GetBytes(value);

    protected static string Text(byte[] value) => Encoding.UTF8.GetString(value);

    [Fact]
    public async Task Create_then_get_returns_the_value_at_a_new_revision()
    {
        var (store, p) = await CreateStoreAsync(new StorageOptions());
        await using var _ = store;
        var before = await store.GetCurrentRevisionAsync(default);

        var created = await store.CreateAsync(p + "a", Text("one"), default);

        Assert.Equal(WriteStatus.Ok, created.Status);
        Assert.Equal(before + 1, created.Revision);
        Assert.Equal(created.Revision, created.Current!.ModRevision);
        Assert.Equal(created.Revision, created.Current.CreateRevision);
        var read = await store.GetAsync(p + "a", 0, default);
        Assert.Equal("one", Text(read!.Value));
        Assert.Equal(created.Revision, read.ModRevision);
        Assert.Equal(created.Revision, await store.GetCurrentRevisionAsync(default));
        Assert.Null(await store.GetAsync(p + "missing", 0, default));
    }

    [Fact]
    public async Task Create_of_an_existing_key_fails_AlreadyExists_and_writes_nothing()
    {
        var (store, p) = await CreateStoreAsync(new StorageOptions());
        await using var _ = store;
        var first = await store.CreateAsync(p + "a", Text("one"), default);

        var second = await store.CreateAsync(p + "a", Text("two"), default);

        Assert.Equal(WriteStatus.AlreadyExists, second.Status);
        Assert.Equal("one", Text(second.Current!.Value));
        Assert.Equal(first.Revision, await store.GetCurrentRevisionAsync(default));
    }

    [Fact]
    public async Task Update_is_compare_and_swap_on_the_mod_revision()
    {
        var (store, p) = await CreateStoreAsync(new StorageOptions());
        await using var _ = store;
        var created = await store.CreateAsync(p + "a", Text("one"), default);

        var updated = await store.UpdateAsync(p + "a", Text("two"), created.Revision, default);
        var stale = await store.UpdateAsync(p + "a", Text("three"), created.Revision, default);
        var missing = await store.UpdateAsync(p + "b", Text("x"), created.Revision, default);
        var zero = await store.UpdateAsync(p + "b", Text("x"), 0, default);

        Assert.Equal(WriteStatus.Ok, updated.Status);
        Assert.Equal(created.Revision + 1, updated.Revision);
        Assert.Equal(created.Revision, updated.Current!.CreateRevision);
        Assert.Equal(WriteStatus.Conflict, stale.Status);
        Assert.Equal("two", Text(stale.Current!.Value));
        Assert.Equal(updated.Revision, stale.Current.ModRevision);
        Assert.Equal(WriteStatus.NotFound, missing.Status);
        Assert.Equal(WriteStatus.NotFound, zero.Status);
        Assert.Null(await store.GetAsync(p + "b", 0, default));
        Assert.Equal(updated.Revision, await store.GetCurrentRevisionAsync(default));
    }

    [Fact]
    public async Task Delete_is_compare_and_swap_and_returns_the_deleted_value()
    {
        var (store, p) = await CreateStoreAsync(new StorageOptions());
        await using var _ = store;
        var created = await store.CreateAsync(p + "a", Text("one"), default);
        var updated = await store.UpdateAsync(p + "a", Text("two"), created.Revision, default);

        var stale = await store.DeleteAsync(p + "a", created.Revision, default);
        var deleted = await store.DeleteAsync(p + "a", updated.Revision, default);
        var again = await store.DeleteAsync(p + "a", updated.Revision, default);

        Assert.Equal(WriteStatus.Conflict, stale.Status);
        Assert.Equal(WriteStatus.Ok, deleted.Status);
        Assert.Equal("two", Text(deleted.Current!.Value));
        Assert.Equal(updated.Revision + 1, deleted.Revision);
        Assert.Equal(WriteStatus.NotFound, again.Status);
        Assert.Null(await store.GetAsync(p + "a", 0, default));

        var recreated = await store.CreateAsync(p + "a", Text("three"), default);
        Assert.Equal(recreated.Revision, recreated.Current!.CreateRevision);
    }

    [Fact]
    public async Task Reads_at_a_past_revision_see_the_past()
    {
        var (store, p) = await CreateStoreAsync(new StorageOptions());
        await using var _ = store;
        var v1 = await store.CreateAsync(p + "a", Text("one"), default);
        var v2 = await store.UpdateAsync(p + "a", Text("two"), v1.Revision, default);
        await store.CreateAsync(p + "b", Text("b"), default);
        await store.DeleteAsync(p + "a", v2.Revision, default);

        Assert.Equal("one", Text((await store.GetAsync(p + "a", v1.Revision, default))!.Value));
        Assert.Equal("two", Text((await store.GetAsync(p + "a", v2.Revision, default))!.Value));
        Assert.Null(await store.GetAsync(p + "a", 0, default));
        var listed = await store.ListAsync(p, v2.Revision, null, 0, default);
        Assert.Equal([p + "a"], listed.Items.Select(i => i.Key));
        Assert.Equal(v2.Revision, listed.Revision);
    }

    [Fact]
    public async Task Revisions_increase_by_one_per_write_and_failed_writes_take_none()
    {
        var (store, p) = await CreateStoreAsync(new StorageOptions());
        await using var _ = store;
        var start = await store.GetCurrentRevisionAsync(default);
        var revisions = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            revisions.Add((await store.CreateAsync($"{p}k{i}", Text("v"), default)).Revision);
            await store.CreateAsync($"{p}k{i}", Text("again"), default);
        }

        Assert.Equal(Enumerable.Range(1, 10).Select(i => start + i), revisions);
    }

    [Fact]
    public async Task Concurrent_writers_get_distinct_revisions_and_all_land()
    {
        var (store, p) = await CreateStoreAsync(new StorageOptions());
        await using var _ = store;
        var start = await store.GetCurrentRevisionAsync(default);

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => store.CreateAsync($"{p}c{i:D3}", Text($"v{i}"), default)));

        Assert.All(results, r => Assert.Equal(WriteStatus.Ok, r.Status));
        Assert.Equal(Enumerable.Range(1, 200).Select(i => start + i), results.Select(r => r.Revision).Order());
        Assert.Equal(200, await store.CountAsync(p, default));
    }

    [Fact]
    public async Task List_pages_are_pinned_to_the_first_pages_revision()
    {
        var (store, p) = await CreateStoreAsync(new StorageOptions());
        await using var _ = store;
        for (var i = 0; i < 25; i++)
        {
            await store.CreateAsync($"{p}items/{i:D2}", Text($"v{i}"), default);
        }

        await store.CreateAsync($"{p}other", Text("x"), default);
        var first = await store.ListAsync(p + "items/", 0, null, 10, default);

        // Changes after the first page must not show in later pages.
        await store.CreateAsync($"{p}items/99", Text("late"), default);
        var toDelete = await store.GetAsync($"{p}items/15", 0, default);
        await store.DeleteAsync($"{p}items/15", toDelete!.ModRevision, default);
        var second = await store.ListAsync(p + "items/", first.Revision, first.Items[^1].Key, 10, default);
        var third = await store.ListAsync(p + "items/", first.Revision, second.Items[^1].Key, 10, default);

        Assert.True(first.More);
        Assert.True(second.More);
        Assert.False(third.More);
        Assert.Equal(first.Revision, second.Revision);
        var keys = first.Items.Concat(second.Items).Concat(third.Items).Select(i => i.Key).ToList();
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"{p}items/{i:D2}"), keys);
        Assert.Equal(25, await store.CountAsync(p + "items/", default));
        var now = await store.ListAsync(p + "items/", 0, null, 0, default);
        Assert.Equal(25, now.Items.Count);
        Assert.Contains(now.Items, i => i.Key == $"{p}items/99");
        Assert.False(now.More);
    }

    [Fact]
    public async Task Watch_delivers_changes_in_order_with_previous_values()
    {
        var (store, p) = await CreateStoreAsync(new StorageOptions());
        await using var _ = store;
        using var cancel = new CancellationTokenSource(Patience);
        var watch = store.Watch(p, await store.GetCurrentRevisionAsync(default) + 1, cancel.Token);

        var created = await store.CreateAsync(p + "a", Text("one"), default);
        var updated = await store.UpdateAsync(p + "a", Text("two"), created.Revision, default);
        await store.CreateAsync(p.TrimEnd('/') + "-not-under-prefix", Text("x"), default);
        var deleted = await store.DeleteAsync(p + "a", updated.Revision, default);

        var events = await TakeAsync(watch, 3, cancel.Token);
        Assert.Equal([WatchEventType.Created, WatchEventType.Modified, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.Equal([created.Revision, updated.Revision, deleted.Revision], events.Select(e => e.Revision));
        Assert.Equal("one", Text(events[0].Current!.Value));
        Assert.Equal("two", Text(events[1].Current!.Value));
        Assert.Equal("one", Text(events[1].Previous!.Value));
        Assert.Equal("two", Text(events[2].Previous!.Value));
        Assert.Null(events[2].Current);
    }

    [Fact]
    public async Task Watch_from_an_old_revision_replays_then_follows_without_gaps_or_duplicates()
    {
        var (store, p) = await CreateStoreAsync(new StorageOptions());
        await using var _ = store;
        var revisions = new List<long>();
        for (var i = 0; i < 1500; i++)
        {
            revisions.Add((await store.CreateAsync($"{p}r{i:D4}", Text("v"), default)).Revision);
        }

        using var cancel = new CancellationTokenSource(Patience);
        var watch = store.Watch(p, revisions[100], cancel.Token);
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                var r = (await store.CreateAsync($"{p}w{i:D4}", Text("v"), default)).Revision;
                lock (revisions)
                {
                    revisions.Add(r);
                }
            }
        });
        await writer;

        var expected = revisions.Skip(100).ToList();
        var events = await TakeAsync(watch, expected.Count, cancel.Token);
        Assert.Equal(expected, events.Select(e => e.Revision));
    }

    [Fact]
    public async Task Compaction_makes_old_revisions_unreadable_and_keeps_the_current_state()
    {
        var (store, p) = await CreateStoreAsync(new StorageOptions());
        await using var _ = store;
        var a1 = await store.CreateAsync(p + "a", Text("a1"), default);
        var a2 = await store.UpdateAsync(p + "a", Text("a2"), a1.Revision, default);
        var b1 = await store.CreateAsync(p + "b", Text("b1"), default);
        await store.DeleteAsync(p + "b", b1.Revision, default);
        var c1 = await store.CreateAsync(p + "c", Text("c1"), default);
        var after = await store.UpdateAsync(p + "a", Text("a3"), a2.Revision, default);

        await store.CompactAsync(c1.Revision, default);

        Assert.Equal(c1.Revision, await store.GetCompactedRevisionAsync(default));
        var error = await Assert.ThrowsAsync<CompactedException>(() => store.GetAsync(p + "a", a1.Revision, default));
        Assert.Equal(c1.Revision, error.CompactedRevision);
        await Assert.ThrowsAsync<CompactedException>(() => store.ListAsync(p, a2.Revision, null, 0, default));
        await Assert.ThrowsAsync<CompactedException>(() => store.CompactAsync(a2.Revision, default));
        Assert.Equal("a2", Text((await store.GetAsync(p + "a", c1.Revision, default))!.Value));
        Assert.Null(await store.GetAsync(p + "b", c1.Revision, default));
        var now = await store.ListAsync(p, 0, null, 0, default);
        Assert.Equal([p + "a", p + "c"], now.Items.Select(i => i.Key));
        Assert.Equal("a3", Text(now.Items[0].Value));

        using var cancel = new CancellationTokenSource(Patience);
        var tooOld = store.Watch(p, a2.Revision, cancel.Token);
        var watchError = await Assert.ThrowsAsync<CompactedException>(async () => await TakeAsync(tooOld, 1, cancel.Token));
        Assert.Equal(c1.Revision, watchError.CompactedRevision);

        var fresh = store.Watch(p, c1.Revision + 1, cancel.Token);
        var replayed = await TakeAsync(fresh, 1, cancel.Token);
        Assert.Equal(after.Revision, replayed[0].Revision);
        Assert.Equal("a2", Text(replayed[0].Previous!.Value));
    }

    [Fact]
    public async Task A_value_over_the_limit_is_refused_and_nothing_is_written()
    {
        var (store, p) = await CreateStoreAsync(new StorageOptions { ValueSizeLimit = 1024 });
        await using var _ = store;
        var created = await store.CreateAsync(p + "a", new byte[1024], default);
        var before = await store.GetCurrentRevisionAsync(default);

        var error = await Assert.ThrowsAsync<ValueTooLargeException>(() => store.CreateAsync(p + "b", new byte[1025], default));
        await Assert.ThrowsAsync<ValueTooLargeException>(() => store.UpdateAsync(p + "a", new byte[4096], created.Revision, default));

        Assert.Equal(1025, error.Size);
        Assert.Contains("limit of 1024 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await store.GetCurrentRevisionAsync(default));
        Assert.Null(await store.GetAsync(p + "b", 0, default));
        Assert.Equal(1024, (await store.GetAsync(p + "a", 0, default))!.Value.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-leading-slash")]
    [InlineData("/with space")]
    [InlineData("/tab\there")]
    [InlineData("/nul\0")]
    [InlineData("/ünicode")]
    [InlineData("/double//slash")]
    [InlineData("/trailing/")]
    public async Task Malformed_keys_are_refused_with_a_clear_error(string key)
    {
        var (store, _) = await CreateStoreAsync(new StorageOptions());
        await using var __ = store;
        var before = await store.GetCurrentRevisionAsync(default);

        var error = await Assert.ThrowsAsync<InvalidKeyException>(() => store.CreateAsync(key, Text("v"), default));

        Assert.StartsWith("invalid storage key", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidKeyException>(() => store.GetAsync(key, 0, default));
        Assert.Equal(before, await store.GetCurrentRevisionAsync(default));
    }

    [Fact]
    public async Task An_idle_watch_gets_progress_notifications_at_the_current_revision()
    {
        var (store, p) = await CreateStoreAsync(new StorageOptions { ProgressInterval = TimeSpan.FromMilliseconds(200) });
        await using var _ = store;
        await store.CreateAsync(p + "a", Text("v"), default);
        using var cancel = new CancellationTokenSource(Patience);
        var watch = store.Watch(p, 0, cancel.Token);
        var current = await store.GetCurrentRevisionAsync(default);

        var progress = await NextProgressAsync(watch, cancel.Token);

        Assert.True(progress.Revision >= current, $"progress at {progress.Revision}, store at {current}");
    }

    [Fact]
    public async Task A_requested_progress_notification_reports_writes_outside_the_prefix()
    {
        // The interval is long, so only the request can bring the notification in time.
        var (store, p) = await CreateStoreAsync(new StorageOptions { ProgressInterval = TimeSpan.FromHours(1) });
        await using var _ = store;
        using var cancel = new CancellationTokenSource(Patience);
        var watch = store.Watch(p + "watched/", await store.GetCurrentRevisionAsync(default) + 1, cancel.Token);
        var elsewhere = await store.CreateAsync(p + "elsewhere", Text("v"), default);

        var progress = WatchEvent.ProgressAt(0);
        while (progress.Revision < elsewhere.Revision)
        {
            store.RequestProgress();
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token);
            attempt.CancelAfter(TimeSpan.FromSeconds(1));
            try
            {
                progress = await NextProgressAsync(watch, attempt.Token);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                // The watch was not established yet when asked; ask again.
            }
        }

        Assert.True(progress.Revision >= elsewhere.Revision);
    }

    [Fact]
    public async Task Cancelling_a_watch_completes_its_channel()
    {
        var (store, p) = await CreateStoreAsync(new StorageOptions());
        await using var _ = store;
        using var cancel = new CancellationTokenSource();
        var watch = store.Watch(p, 0, cancel.Token);

        await cancel.CancelAsync();

        await watch.Completion.WaitAsync(Patience);
    }

    protected static async Task<List<WatchEvent>> TakeAsync(ChannelReader<WatchEvent> watch, int count, CancellationToken cancellationToken)
    {
        // WaitToReadAsync rethrows the error the watch ended with (ReadAsync would wrap it).
        var events = new List<WatchEvent>(count);
        while (events.Count < count && await watch.WaitToReadAsync(cancellationToken))
        {
            while (events.Count < count && watch.TryRead(out var next))
            {
                if (next.Type != WatchEventType.Progress)
                {
                    events.Add(next);
                }
            }
        }

        Assert.Equal(count, events.Count);
        return events;
    }

    private static async Task<WatchEvent> NextProgressAsync(ChannelReader<WatchEvent> watch, CancellationToken cancellationToken)
    {
        while (true)
        {
            var next = await watch.ReadAsync(cancellationToken);
            if (next.Type == WatchEventType.Progress)
            {
                return next;
            }
        }
    }
}
