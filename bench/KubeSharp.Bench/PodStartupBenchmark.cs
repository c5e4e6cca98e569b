using System.Collections.Concurrent;
using System.Diagnostics;
using k8s;
using k8s.Models;
using KubeSharp.Client.Informers;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Bench;

/// <summary>
/// ./bench.sh podstartup (inside a lab network namespace): one real node (`kubesharp server` with its
/// kubelet and containerd). 30 busybox pods created at a steady 5 per second, then 30 at once; each
/// pod's creation → Running is timed through a watch. The phases come from the same clock: bound
/// (watch), the container's CRI created and started times, Running seen. The CRI floor is the same
/// sandbox + container driven directly over CRI in the same run.
/// </summary>
internal static class PodStartupBenchmark
{
    private const int Pods = 30;
    private const string Namespace = "default";

    public static Task RunAsync(string[] args) => LabNode.RunAsync(MeasureAsync);

    private static async Task MeasureAsync(ServerProcess server, Kubernetes client)
    {
        using var cri = CriClient.Connect(Path.Combine(server.DataDirectory, "agent", "containerd", "containerd.sock"));
        var tracker = new StartupTracker();
        var informer = new SharedInformer<V1Pod>(ListWatches.Pods(client), TimeProvider.System, null, NullLogger.Instance);
        informer.AddEventHandler(tracker);
        using var stop = new CancellationTokenSource();
        var informing = informer.RunAsync(stop.Token);
        await informer.Synced;

        // Warm-up: the first pod pays for loading the image and creating the CNI chains.
        await RoundAsync(client, tracker, "warm", 2, TimeSpan.Zero);
        await CleanAsync(client);

        var steady = await RoundAsync(client, tracker, "steady", Pods, TimeSpan.FromMilliseconds(200));
        var phases = await PhasesAsync(cri, steady);
        await CleanAsync(client);
        var burst = await RoundAsync(client, tracker, "burst", Pods, TimeSpan.Zero);
        await CleanAsync(client);
        var floor = await CriFloorAsync(cri, 10);

        var startup = steady.Select(p => p.Running - p.Created).ToList();
        Figures.Print("pod_startup_p50_ms", Figures.Median(startup), "ms");
        Figures.Print("pod_startup_p99_ms", Figures.Percentile(startup, 99), "ms");
        Figures.Print("pod_startup_burst30_p99_ms", Figures.Percentile(burst.Select(p => p.Running - p.Created).ToList(), 99), "ms");
        Figures.Print("phase_schedule_ms", Figures.Median(phases.Schedule), "ms");
        Figures.Print("phase_sandbox_ms", Figures.Median(phases.Sandbox), "ms");
        Figures.Print("phase_container_start_ms", Figures.Median(phases.ContainerStart), "ms");
        Figures.Print("phase_status_report_ms", Figures.Median(phases.StatusReport), "ms");
        Figures.Print("cri_floor_p50_ms", Figures.Median(floor), "ms");
        Figures.Print("startup_vs_cri_floor_ratio", Figures.Median(startup) / Figures.Median(floor), "x");
        await stop.CancelAsync();
        await informing.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>Creates the pods (one every <paramref name="interval"/>, or all at once) and waits until all run.</summary>
    private static async Task<List<PodTimes>> RoundAsync(Kubernetes client, StartupTracker tracker, string prefix, int count, TimeSpan interval)
    {
        var names = Enumerable.Range(0, count).Select(i => $"{prefix}-{i}").ToList();
        var creations = new List<Task>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var due = interval * i;
            if (clock.Elapsed < due)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var name = names[i];
            tracker.Created(name);
            creations.Add(client.CoreV1.CreateNamespacedPodAsync(Pod(name), Namespace));
        }

        await Task.WhenAll(creations);
        await Wait.UntilAsync(() => Task.FromResult(names.All(tracker.IsRunning)), TimeSpan.FromMinutes(3), $"{count} {prefix} pods Running");
        return [.. names.Select(tracker.Times)];
    }

    private static V1Pod Pod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["bench"] = "podstartup" } },
        Spec = new V1PodSpec
        {
            TerminationGracePeriodSeconds = 0,
            Containers = [new V1Container { Name = "main", Image = "localhost/busybox:1.35", Command = ["sleep", "3600"] }],
        },
    };

    private static async Task CleanAsync(Kubernetes client)
    {
        await client.CoreV1.DeleteCollectionNamespacedPodAsync(Namespace, labelSelector: "bench=podstartup", gracePeriodSeconds: 0);
        await Wait.UntilAsync(
            async () => (await client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: "bench=podstartup")).Items.Count == 0,
            TimeSpan.FromMinutes(3),
            "the pods to be gone");
    }

    /// <summary>Each pod's phases on one clock: bound seen, CRI container created and started, Running seen.</summary>
    private static async Task<(List<double> Schedule, List<double> Sandbox, List<double> ContainerStart, List<double> StatusReport)> PhasesAsync(CriClient cri, List<PodTimes> pods)
    {
        var request = new ListContainersRequest { Filter = new ContainerFilter() };
        var containers = (await cri.Runtime.ListContainersAsync(request)).Containers
            .Where(c => c.Labels.ContainsKey("io.kubernetes.pod.name"))
            .ToDictionary(c => c.Labels["io.kubernetes.pod.name"], c => c, StringComparer.Ordinal);
        var schedule = new List<double>();
        var sandbox = new List<double>();
        var start = new List<double>();
        var report = new List<double>();
        foreach (var pod in pods)
        {
            if (!containers.TryGetValue(pod.Name, out var container))
            {
                continue;
            }

            var status = (await cri.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = container.Id })).Status;
            var created = UnixMilliseconds(status.CreatedAt);
            var started = UnixMilliseconds(status.StartedAt);
            schedule.Add(pod.Bound - pod.Created);
            sandbox.Add(created - pod.Bound);
            start.Add(started - created);
            report.Add(pod.Running - started);
        }

        return (schedule, sandbox, start, report);
    }

    /// <summary>RunPodSandbox + CreateContainer + StartContainer of the same busybox container, straight over CRI.</summary>
    private static async Task<List<double>> CriFloorAsync(CriClient cri, int count)
    {
        var samples = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var uid = Guid.NewGuid().ToString();
            var sandboxConfig = new PodSandboxConfig
            {
                Metadata = new PodSandboxMetadata { Name = $"floor-{i}", Namespace = "bench", Uid = uid },
                Hostname = $"floor-{i}",
                Linux = new LinuxPodSandboxConfig(),
            };
            var clock = Stopwatch.StartNew();
            var sandbox = await cri.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = sandboxConfig });
            var config = new ContainerConfig
            {
                Metadata = new ContainerMetadata { Name = "main" },
                Image = new ImageSpec { Image = "localhost/busybox:1.35" },
                Command = { "sleep", "3600" },
                Linux = new LinuxContainerConfig(),
            };
            var container = await cri.Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = sandbox.PodSandboxId, Config = config, SandboxConfig = sandboxConfig });
            await cri.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = container.ContainerId });
            samples.Add(clock.Elapsed.TotalMilliseconds);
            await cri.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = sandbox.PodSandboxId });
            await cri.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = sandbox.PodSandboxId });
        }

        return samples;
    }

    private static double UnixMilliseconds(long nanos) => nanos / 1_000_000.0;

    private static double Now() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    private sealed record PodTimes(string Name, double Created, double Bound, double Running);

    /// <summary>Wall-clock times (Unix ms) at which each pod was created, seen bound and seen Running.</summary>
    private sealed class StartupTracker : IResourceEventHandler<V1Pod>
    {
        private readonly ConcurrentDictionary<string, double> _created = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, double> _bound = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, double> _running = new(StringComparer.Ordinal);

        public void Created(string name) => _created[name] = Now();

        public bool IsRunning(string name) => _running.ContainsKey(name);

        public PodTimes Times(string name) => new(name, _created[name], _bound.GetValueOrDefault(name, _created[name]), _running[name]);

        public void OnAdd(V1Pod item) => See(item);

        public void OnUpdate(V1Pod old, V1Pod current) => See(current);

        public void OnDelete(V1Pod item)
        {
            _created.TryRemove(item.Metadata.Name, out _);
            _bound.TryRemove(item.Metadata.Name, out _);
            _running.TryRemove(item.Metadata.Name, out _);
        }

        private void See(V1Pod pod)
        {
            var name = pod.Metadata.Name;
            if (!_created.ContainsKey(name))
            {
                return;
            }

            var now = Now();
            if (!string.IsNullOrEmpty(pod.Spec.NodeName))
            {
                _bound.TryAdd(name, now);
            }

            if (pod.Status?.Phase == "Running")
            {
                _running.TryAdd(name, now);
            }
        }
    }
}
