using System.Buffers.Binary;
using System.Diagnostics;
using KubeSharp.Storage;
using KubeSharp.Storage.Etcd;
using KubeSharp.Storage.Sqlite;
using KubeSharp.TestSupport;

namespace KubeSharp.Bench;

/// <summary>
/// ./bench.sh store: SQLite, a 1-member and a 3-member etcd side by side in one run, over 10,000
/// keys of 128 B. A "put" is a compare-and-swap update of an existing key (the API server's
/// common write); each writer owns a slice of the keys so no write conflicts.
/// </summary>
internal static class StoreBenchmark
{
    private const int Keys = 10_000;
    private const int ValueSize = 128;
    private const string Prefix = "/bench/";

    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 4;
        var duration = TimeSpan.FromSeconds(seconds);
        var results = new Dictionary<string, Result>();

        using (var directory = new TempDirectory("bench-store"))
        {
            await using var sqlite = SqliteBackend.Open(directory.File("state.db"), sqliteOptions: new SqliteOptions { Compaction = null });
            results["sqlite"] = await MeasureAsync("sqlite", sqlite, duration);
        }

        foreach (var (name, members) in new[] { ("etcd1", 1), ("etcd3", 3) })
        {
            await using var cluster = await EtcdCluster.StartAsync(members);
            await using var etcd = await EtcdBackend.ConnectAsync(EtcdOptions.Parse(cluster.Endpoints));
            results[name] = await MeasureAsync(name, etcd, duration);
        }

        Figures.Print("sqlite_vs_etcd3_put_c16_ratio", results["sqlite"].PutC16PerSecond / results["etcd3"].PutC16PerSecond, "x");
    }

    private static async Task<Result> MeasureAsync(string name, IStorageBackend store, TimeSpan duration)
    {
        var revisions = new long[Keys];
        await ForEachAsync(Keys, 64, async i => revisions[i] = (await store.CreateAsync(Key(i), Value(), default)).Revision);

        var puts = new Dictionary<int, double>();
        List<double> c16Latencies = [];
        List<double> watchLatencies = [];
        foreach (var concurrency in new[] { 1, 16, 64 })
        {
            using var watching = new CancellationTokenSource();
            var watch = concurrency == 16 ? WatchLatenciesAsync(store, await store.GetCurrentRevisionAsync(default) + 1, watching.Token) : null;
            var (perSecond, latencies, lastRevision) = await PutLoadAsync(store, revisions, concurrency, duration);
            puts[concurrency] = perSecond;
            Figures.Print($"{name}_put_c{concurrency}_per_s", perSecond, "ops/s");
            if (watch is not null)
            {
                c16Latencies = latencies;
                watchLatencies = await watch.WaitForAsync(lastRevision);
                await watching.CancelAsync();
            }
        }

        Figures.Print($"{name}_put_c16_p99_ms", Figures.Percentile(c16Latencies, 99), "ms");
        Figures.Print($"{name}_watch_p99_ms", Figures.Percentile(watchLatencies, 99), "ms");

        var lists = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var listed = await store.ListAsync(Prefix, 0, null, 0, default);
            lists.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (listed.Items.Count != Keys)
            {
                throw new InvalidOperationException($"{name}: listed {listed.Items.Count} keys, expected {Keys}");
            }
        }

        Figures.Print($"{name}_list_10k_ms", Figures.Median(lists), "ms");
        return new Result(puts[16]);
    }

    private static async Task<(double PerSecond, List<double> Latencies, long LastRevision)> PutLoadAsync(
        IStorageBackend store, long[] revisions, int concurrency, TimeSpan duration)
    {
        var latencies = new List<double>[concurrency];
        var lastRevision = 0L;
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var total = 0L;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = [];
            var count = 0L;
            for (var i = worker; Stopwatch.GetTimestamp() < end; i += concurrency)
            {
                var index = i % Keys;
                var before = Stopwatch.GetTimestamp();
                var result = await store.UpdateAsync(Key(index), Value(before), revisions[index], default);
                mine.Add(Stopwatch.GetElapsedTime(before).TotalMilliseconds);
                if (result.Status != WriteStatus.Ok)
                {
                    throw new InvalidOperationException($"update of {Key(index)} ended {result.Status}");
                }

                revisions[index] = result.Revision;
                InterlockedMax(ref lastRevision, result.Revision);
                count++;
            }

            Interlocked.Add(ref total, count);
        })));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return (total / elapsed, [.. latencies.SelectMany(l => l)], lastRevision);
    }

    /// <summary>Each value carries the moment its write began, so the watcher can tell how long the event took.</summary>
    private static WatchProbe WatchLatenciesAsync(IStorageBackend store, long fromRevision, CancellationToken cancellationToken)
    {
        var probe = new WatchProbe();
        var reader = store.Watch(Prefix, fromRevision, cancellationToken);
        probe.Run = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in reader.ReadAllAsync(cancellationToken))
                {
                    if (change.Current is { } current)
                    {
                        var began = BinaryPrimitives.ReadInt64LittleEndian(current.Value);
                        probe.Latencies.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
                    }

                    probe.Seen(change.Revision);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, cancellationToken);
        return probe;
    }

    private static async Task ForEachAsync(int count, int concurrency, Func<int, Task> body)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                await body(i);
            }
        })));
    }

    private static void InterlockedMax(ref long target, long value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }

    private static string Key(int index) => $"{Prefix}{index:D5}";

    private static byte[] Value(long stamp = 0)
    {
        var value = new byte[ValueSize];
        BinaryPrimitives.WriteInt64LittleEndian(value, stamp);
        return value;
    }

    private sealed record Result(double PutC16PerSecond);

    private sealed class WatchProbe
    {
        private readonly TaskCompletionSource _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _seen;
        private long _target = long.MaxValue;

        public List<double> Latencies { get; } = [];

        public Task Run { get; set; } = Task.CompletedTask;

        public void Seen(long revision)
        {
            Volatile.Write(ref _seen, revision);
            if (revision >= Volatile.Read(ref _target))
            {
                _caughtUp.TrySetResult();
            }
        }

        public async Task<List<double>> WaitForAsync(long revision)
        {
            Volatile.Write(ref _target, revision);
            if (Volatile.Read(ref _seen) >= revision)
            {
                _caughtUp.TrySetResult();
            }

            await _caughtUp.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return Latencies;
        }
    }
}
