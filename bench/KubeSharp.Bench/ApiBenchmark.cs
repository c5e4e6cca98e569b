using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Models;
using KubeSharp.Storage;
using KubeSharp.Storage.Sqlite;
using KubeSharp.TestSupport;

namespace KubeSharp.Bench;

/// <summary>
/// ./bench.sh api: a real `kubesharp server` (SQLite) as a child process, driven by 16 concurrent
/// C# clients creating pods (with 30,000 stored); the raw SQLite store's put rate with the same
/// concurrency in the same run; one LIST of 30,000 pods; an update seen by 100 watchers; the server's
/// RSS with 30,000 pods. The server runs without scheduler and controller manager: its own figures.
/// </summary>
internal static class ApiBenchmark
{
    private const int Clients = 16;
    private const int StoredPods = 30_000;
    private const int Watchers = 100;
    private const string MeasuredNamespace = "bench";
    private const int Rounds = 3;
    private static readonly TimeSpan StoreWarmUp = TimeSpan.FromSeconds(5);

    /// <summary>Measured: dry-run creates on a fresh server climb from about 2,000/s to 14,000/s over 25 s as the JIT tiers up, then level.</summary>
    private static readonly TimeSpan ApiWarmUp = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(string[] args)
    {
        var round = TimeSpan.FromSeconds(args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5);
        using var storeDirectory = new TempDirectory("bench-api-store");
        await using var store = SqliteBackend.Open(storeDirectory.File("state.db"), sqliteOptions: new SqliteOptions { Compaction = null });
        await StorePutRateAsync(store, "warm", StoreWarmUp);

        await using var server = await ServerProcess.StartAsync("--disable-scheduler", "--disable-controller-manager");
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(server.Kubeconfig);
        var clients = Enumerable.Range(0, Clients).Select(_ => new Kubernetes(config)).ToArray();
        try
        {
            // A fresh server (and client) compiles as it goes, for a while (tiered JIT with PGO): both are
            // measured in their steady state, after dry-run creates (the whole path but the store write)
            // that leave the store as it was, then the 30,000 stored pods (real creates).
            await CreatePodsAsync(clients, "default", ApiWarmUp, dryRun: true);
            await FillAsync(clients, StoredPods);
            using var http = RawClient(config);
            var lists = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync("/api/v1/pods", HttpCompletionOption.ResponseHeadersRead);
                var body = await response.Content.ReadAsByteArrayAsync();
                lists.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode || CountItems(body) < StoredPods)
                {
                    throw new InvalidOperationException($"LIST answered {(int)response.StatusCode} with too few pods");
                }
            }

            Figures.Print("api_list_30k_pods_ms", Figures.Median(lists), "ms");
            Figures.Print("api_rss_mb_30k_pods", server.ResidentMegabytes(), "MB");

            // The create rate (with those 30,000 pods stored) and the bare store's put rate, in alternate
            // rounds so that both see the same machine; the ratio is the median of the rounds' ratios.
            var (apiRates, storeRates, ratios, latencies) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
            double serverCpu = 0, clientCpu = 0, storeCpu = 0;
            long storePuts = 0;
            for (var i = 0; i < Rounds; i++)
            {
                var storeStart = ProcessCpu.Seconds(Environment.ProcessId);
                var (storeRate, puts) = await StorePutRateAsync(store, $"round{i}", round);
                storeCpu += ProcessCpu.Seconds(Environment.ProcessId) - storeStart;
                storePuts += puts;

                var ns = $"{MeasuredNamespace}-{i}";
                await clients[0].CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
                var (serverStart, clientStart) = (ProcessCpu.Seconds(server.ProcessId), ProcessCpu.Seconds(Environment.ProcessId));
                var (apiRate, roundLatencies) = await CreatePodsAsync(clients, ns, round);
                serverCpu += ProcessCpu.Seconds(server.ProcessId) - serverStart;
                clientCpu += ProcessCpu.Seconds(Environment.ProcessId) - clientStart;
                latencies.AddRange(roundLatencies);
                apiRates.Add(apiRate);
                storeRates.Add(storeRate);
                ratios.Add(apiRate / storeRate);
            }

            Figures.Print("api_create_per_s", Figures.Median(apiRates), "pods/s");
            Figures.Print("api_create_p99_ms", Figures.Percentile(latencies, 99), "ms");
            Figures.Print("store_put_c16_per_s", Figures.Median(storeRates), "ops/s");
            Figures.Print("api_vs_store_create_ratio", Figures.Median(ratios), "x");

            // Where the CPU goes, per operation: the server, the 16 clients (one process), the bare store.
            Figures.Print("api_create_server_cpu_us", serverCpu * 1e6 / latencies.Count, "us");
            Figures.Print("api_create_client_cpu_us", clientCpu * 1e6 / latencies.Count, "us");
            Figures.Print("store_put_cpu_us", storeCpu * 1e6 / storePuts, "us");
            Figures.Print("api_watch_fanout_p99_ms", await WatchFanoutAsync(clients[0], http), "ms");
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>16 workers putting new 1,200-byte values for <paramref name="duration"/>; keys under <paramref name="prefix"/>.</summary>
    private static async Task<(double PerSecond, long Puts)> StorePutRateAsync(IStorageBackend store, string prefix, TimeSpan duration)
    {
        var value = Encoding.UTF8.GetBytes(new string('x', 1200));
        var total = 0L;
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; Stopwatch.GetTimestamp() < end; i++)
            {
                await store.CreateAsync($"/registry/pods/{prefix}/w{worker}-{i}", value, default);
                Interlocked.Increment(ref total);
            }
        })));
        return (total / Stopwatch.GetElapsedTime(started).TotalSeconds, total);
    }

    /// <summary>Pods pod-000000, pod-000001... for <paramref name="duration"/>; the rate and each create's latency.</summary>
    private static async Task<(double PerSecond, List<double> Latencies)> CreatePodsAsync(Kubernetes[] clients, string ns, TimeSpan duration, bool dryRun = false)
    {
        var latencies = new List<double>[clients.Length];
        var next = -1;
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(clients.Select((client, worker) => Task.Run(async () =>
        {
            var mine = latencies[worker] = [];
            while (Stopwatch.GetTimestamp() < end)
            {
                var before = Stopwatch.GetTimestamp();
                await client.CoreV1.CreateNamespacedPodAsync(Pod(Interlocked.Increment(ref next)), ns, dryRun: dryRun ? "All" : null);
                mine.Add(Stopwatch.GetElapsedTime(before).TotalMilliseconds);
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = latencies.SelectMany(l => l).ToList();
        return (all.Count / elapsed, all);
    }

    private static async Task FillAsync(Kubernetes[] clients, int to)
    {
        var next = -1;
        await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < to; i = Interlocked.Increment(ref next))
            {
                await client.CoreV1.CreateNamespacedPodAsync(Pod(i), "default");
            }
        })));
    }

    /// <summary>100 watchers on one namespace; each update's event is timed from the update's start to its arrival at every watcher.</summary>
    private static async Task<double> WatchFanoutAsync(Kubernetes client, HttpClient http)
    {
        var name = "fanout";
        var map = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name }, Data = new Dictionary<string, string> { ["t"] = "0" } }, "kube-public");
        using var cancel = new CancellationTokenSource();
        var latencies = new List<double>();
        var received = 0;
        var streams = new List<Task>();
        for (var i = 0; i < Watchers; i++)
        {
            var response = await http.GetAsync($"/api/v1/namespaces/kube-public/configmaps?watch=true&resourceVersion={map.Metadata.ResourceVersion}", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            var stream = await response.Content.ReadAsStreamAsync(cancel.Token);
            streams.Add(Task.Run(async () =>
            {
                using var reader = new StreamReader(stream);
                try
                {
                    while (await reader.ReadLineAsync(cancel.Token) is { } line)
                    {
                        var marker = line.IndexOf("\"t\":\"", StringComparison.Ordinal);
                        if (marker < 0)
                        {
                            continue;
                        }

                        var stamp = long.Parse(line.AsSpan(marker + 5, line.IndexOf('"', marker + 5) - marker - 5), System.Globalization.CultureInfo.InvariantCulture);
                        var latency = Stopwatch.GetElapsedTime(stamp).TotalMilliseconds;
                        lock (latencies)
                        {
                            latencies.Add(latency);
                        }

                        Interlocked.Increment(ref received);
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }));
        }

        const int Updates = 50;
        for (var i = 0; i < Updates; i++)
        {
            map.Data["t"] = Stopwatch.GetTimestamp().ToString(System.Globalization.CultureInfo.InvariantCulture);
            map = await client.CoreV1.ReplaceNamespacedConfigMapAsync(map, name, "kube-public");
            var expected = (i + 1) * Watchers;
            var waited = Stopwatch.StartNew();
            while (Volatile.Read(ref received) < expected && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(1);
            }
        }

        await cancel.CancelAsync();
        await Task.WhenAll(streams);
        return Figures.Percentile(latencies, 99);
    }

    private static HttpClient RawClient(KubernetesClientConfiguration config)
    {
        var handler = new HttpClientHandler
        {
            ClientCertificates = { X509Certificate2.CreateFromPem(
                Encoding.ASCII.GetString(Convert.FromBase64String(config.ClientCertificateData)),
                Encoding.ASCII.GetString(Convert.FromBase64String(config.ClientCertificateKeyData))) },
            ServerCertificateCustomValidationCallback = (_, _, _, _) => true,
            MaxConnectionsPerServer = 256,
        };
        return new HttpClient(handler) { BaseAddress = new Uri(config.Host), Timeout = TimeSpan.FromMinutes(5), DefaultRequestHeaders = { Accept = { new MediaTypeWithQualityHeaderValue("application/json") } } };
    }

    private static int CountItems(byte[] body)
    {
        using var document = System.Text.Json.JsonDocument.Parse(body);
        return document.RootElement.GetProperty("items").GetArrayLength();
    }

    private static V1Pod Pod(int index) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"pod-{index:D6}", Labels = new Dictionary<string, string> { ["app"] = "bench", ["shard"] = (index % 10).ToString(System.Globalization.CultureInfo.InvariantCulture) } },
        Spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container
                {
                    Name = "app",
                    Image = "localhost/busybox:1.35",
                    Command = ["sleep", "3600"],
                    Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m"), ["memory"] = new("16Mi") } },
                },
            ],
        },
    };
}
