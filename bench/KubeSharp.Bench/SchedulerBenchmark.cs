using System.Diagnostics;
using k8s;
using k8s.Models;
using KubeSharp.Scheduler;
using KubeSharp.Scheduler.Config;
using KubeSharp.Simulator;
using KubeSharp.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Bench;

/// <summary>
/// ./bench.sh scheduler: for each workload a fresh `kubesharp server` (SQLite, its own scheduler
/// off) as a child process; in this process, simulated nodes and a scheduler (the same code
/// `kubesharp scheduler` runs, leader election off so its metrics are at hand); 16 clients create
/// the pods as fast as the API takes them, and the clock runs from the first create to the last
/// binding. The algorithm alone over an in-memory cache is measured first, for comparison
/// (<c>./bench.sh scheduler algo</c> measures only that; <c>./bench.sh scheduler spread</c> only
/// the spread workload end to end).
/// </summary>
internal static class SchedulerBenchmark
{
    private const int Creators = 16;

    public static async Task RunAsync(string[] args)
    {
        if (args is ["spread"])
        {
            var only = await EndToEndAsync(5000, 5000, SchedulerWorkloads.Spread);
            Figures.Print("sched_spread_5000n_5kp_pods_per_s", only.PodsPerSecond, "pods/s");
            Figures.Print("sched_spread_p50_attempt_ms", only.P50AttemptMilliseconds, "ms");
            Figures.Print("sched_spread_p99_attempt_ms", only.P99AttemptMilliseconds, "ms");
            return;
        }

        Figures.Print("sched_algo_only_5000n_pods_per_s", await SchedulerAlgorithm.PodsPerSecondAsync(5000, 10_000, SchedulerWorkloads.Basic), "pods/s");
        Figures.Print("sched_algo_only_spread_5000n_pods_per_s", await SchedulerAlgorithm.PodsPerSecondAsync(5000, 5000, SchedulerWorkloads.Spread), "pods/s");
        if (args is ["algo"])
        {
            return;
        }

        var basic500 = await EndToEndAsync(500, 10_000, SchedulerWorkloads.Basic);
        Figures.Print("sched_basic_500n_10kp_pods_per_s", basic500.PodsPerSecond, "pods/s");
        var basic5000 = await EndToEndAsync(5000, 10_000, SchedulerWorkloads.Basic);
        Figures.Print("sched_basic_5000n_10kp_pods_per_s", basic5000.PodsPerSecond, "pods/s");
        Figures.Print("sched_p99_attempt_ms", basic5000.P99AttemptMilliseconds, "ms");
        var spread = await EndToEndAsync(5000, 5000, SchedulerWorkloads.Spread);
        Figures.Print("sched_spread_5000n_5kp_pods_per_s", spread.PodsPerSecond, "pods/s");
        Figures.Print("sched_spread_p99_attempt_ms", spread.P99AttemptMilliseconds, "ms");
    }

    private static async Task<(double PodsPerSecond, double P50AttemptMilliseconds, double P99AttemptMilliseconds)> EndToEndAsync(int nodes, int pods, Func<int, V1Pod> pod)
    {
        await using var server = await ServerProcess.StartAsync("--disable-scheduler");
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(server.Kubeconfig);
        using var admin = new Kubernetes(config);
        using var stop = new CancellationTokenSource();

        // Nodes like upstream's scheduler_perf node template; heartbeats and pod starts far apart
        // so that the measurement is of scheduling (upstream's benchmark runs no kubelets at all).
        var simulator = new NodeSimulator(admin, new SimulatorOptions
        {
            Nodes = nodes,
            Cpu = "4",
            Memory = "32Gi",
            Pods = 110,
            HeartbeatInterval = TimeSpan.FromMinutes(10),
            LeaseDuration = TimeSpan.FromHours(1),
            StatusInterval = TimeSpan.FromMinutes(10),
            PodStartDelay = TimeSpan.FromHours(1),
        }, TimeProvider.System, NullLoggerFactory.Instance);
        var simulating = simulator.RunAsync(stop.Token);
        await simulator.Ready;

        using var schedulerClient = new Kubernetes(config);
        var scheduler = new KubeScheduler(schedulerClient, new SchedulerOptions
        {
            Configuration = new SchedulerConfiguration { LeaderElection = new LeaderElectionConfiguration { LeaderElect = false } },
        }, TimeProvider.System, NullLoggerFactory.Instance);
        var scheduling = scheduler.RunAsync(stop.Token);
        await scheduler.Started;

        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = SchedulerWorkloads.Namespace } });
        var creators = Enumerable.Range(0, Creators).Select(_ => new Kubernetes(config)).ToArray();
        try
        {
            var started = Stopwatch.GetTimestamp();
            var next = -1;
            await Task.WhenAll(creators.Select(client => Task.Run(async () =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < pods)
                {
                    var item = pod(index);
                    item.Metadata.Uid = null;
                    await client.CoreV1.CreateNamespacedPodAsync(item, SchedulerWorkloads.Namespace);
                }
            })));
            while (scheduler.Metrics.Bound < pods)
            {
                if (scheduling.IsCompleted)
                {
                    throw new InvalidOperationException("the scheduler stopped");
                }

                await Task.Delay(10);
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            return (pods / elapsed.TotalSeconds, scheduler.Metrics.AttemptPercentile(50), scheduler.Metrics.AttemptPercentile(99));
        }
        finally
        {
            foreach (var client in creators)
            {
                client.Dispose();
            }

            await stop.CancelAsync();
            await Task.WhenAll(simulating, scheduling).ContinueWith(_ => { }, TaskScheduler.Default);
            simulator.Dispose();
        }
    }
}
