using System.Globalization;
using System.Text;
using KubeSharp.Storage.Etcd;
using KubeSharp.TestSupport;

namespace KubeSharp.Storage.Tests.Etcd;

/// <summary>
/// A 3-member etcd cluster loses its leader in the middle of a write load. Each writer bumps its own
/// counter key one step at a time and settles unknown outcomes by re-reading, so the stored history
/// of every key must be exactly 1, 2, 3, ...: a lost acknowledged write or a write applied twice
/// would show. A watch running across the kill must see that same history, in order.
/// </summary>
public sealed class EtcdLeaderKillTests : IAsyncLifetime
{
    private const int Writers = 8;
    private EtcdCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await EtcdCluster.StartAsync(3);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task No_acknowledged_write_is_lost_none_applies_twice_and_the_watch_has_no_gap()
    {
        // The client starts on the leader, so the kill breaks its calls and its watch mid-flight.
        var leader = await _cluster.FindLeaderAsync();
        var options = EtcdOptions.Parse(_cluster.EndpointsStartingWith(leader)) with { RequestTimeout = TimeSpan.FromSeconds(3) };
        await using var store = await EtcdBackend.ConnectAsync(options);
        var start = await store.GetCurrentRevisionAsync(default);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var watch = store.Watch("/load/", start + 1, cancel.Token);
        var acknowledged = new long[Writers];
        var unknown = 0;
        using var stop = new CancellationTokenSource();

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var key = $"/load/w{w}";
            var result = await store.CreateAsync(key, Counter(0), default);
            var revision = result.Revision;
            for (long next = 1; !stop.IsCancellationRequested; next++)
            {
                while (true)
                {
                    try
                    {
                        var update = await store.UpdateAsync(key, Counter(next), revision, default);
                        Assert.Equal(WriteStatus.Ok, update.Status);
                        revision = update.Revision;
                        break;
                    }
                    catch (Exception error) when (error is UnknownOutcomeException or StorageUnavailableException)
                    {
                        Interlocked.Increment(ref unknown);

                        // Settle: the key says whether the write took effect.
                        var current = await ReadSettledAsync(store, key);
                        revision = current.ModRevision;
                        if (ParseCounter(current.Value) == next)
                        {
                            break;
                        }

                        Assert.Equal(next - 1, ParseCounter(current.Value));
                    }
                }

                Volatile.Write(ref acknowledged[w], next);
            }
        })).ToArray();

        await Wait.UntilAsync(() => Task.FromResult(acknowledged.Sum() >= 400), TimeSpan.FromSeconds(30), "writes before the kill");
        Assert.Equal(leader, await _cluster.FindLeaderAsync());
        _cluster.Kill(leader);
        var atKill = acknowledged.Sum();
        await Wait.UntilAsync(() => Task.FromResult(acknowledged.Sum() >= atKill + 400), TimeSpan.FromSeconds(60), "writes after the kill");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.True(unknown > 0, "the kill interrupted no write: the test did not exercise what it is for");
        var end = await store.GetCurrentRevisionAsync(default);
        var history = new Dictionary<string, List<long>>();
        var revisions = new List<long>();
        while (revisions.Count == 0 || revisions[^1] < end)
        {
            var change = await watch.ReadAsync(cancel.Token);
            if (change.Type == WatchEventType.Progress)
            {
                continue;
            }

            revisions.Add(change.Revision);
            var values = history.TryGetValue(change.Key, out var list) ? list : history[change.Key] = [];
            values.Add(ParseCounter(change.Current!.Value));
        }

        for (var w = 0; w < Writers; w++)
        {
            var values = history[$"/load/w{w}"];
            Assert.Equal(Enumerable.Range(0, values.Count).Select(i => (long)i), values);
            Assert.True(values[^1] >= acknowledged[w], $"writer {w}: acknowledged {acknowledged[w]}, stored up to {values[^1]}");
            var stored = await store.GetAsync($"/load/w{w}", 0, default);
            Assert.Equal(values[^1], ParseCounter(stored!.Value));
        }

        // The live watch across the kill saw exactly what a fresh replay of the history sees.
        Assert.Equal(revisions, revisions.Distinct().Order());
        var replay = store.Watch("/load/", start + 1, cancel.Token);
        var replayed = new List<long>();
        while (replayed.Count < revisions.Count)
        {
            var change = await replay.ReadAsync(cancel.Token);
            if (change.Type != WatchEventType.Progress)
            {
                replayed.Add(change.Revision);
            }
        }

        Assert.Equal(revisions, replayed);
    }

    private static async Task<KeyValue> ReadSettledAsync(IStorageBackend store, string key)
    {
        while (true)
        {
            try
            {
                return (await store.GetAsync(key, 0, default))!;
            }
            catch (StorageUnavailableException)
            {
            }
        }
    }

    private static byte[] Counter(long value) => Encoding.UTF8.GetBytes(value.ToString(CultureInfo.InvariantCulture));

    private static long ParseCounter(byte[] value) => long.Parse(Encoding.UTF8.GetString(value), CultureInfo.InvariantCulture);
}
