using System.Diagnostics;
using k8s;
using k8s.Models;
using KubeSharp.Api.Selectors;
using KubeSharp.Client.Events;
using KubeSharp.Client.Informers;
using KubeSharp.Scheduler;
using KubeSharp.Scheduler.Cache;
using KubeSharp.Scheduler.Config;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Queue;
using KubeSharp.Scheduler.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Bench;

/// <summary>
/// The scheduling algorithm alone: the default profile over an in-memory cache of simulated nodes,
/// one cycle per pod (snapshot update, PreFilter, Filter, Score, assume), no queue and no API.
/// </summary>
internal static class SchedulerAlgorithm
{
    public static async Task<double> PodsPerSecondAsync(int nodes, int pods, Func<int, V1Pod> pod)
    {
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = "https://127.0.0.1:1" });
        var framework = SchedulingFramework.Create(new SchedulerProfile(), PluginRegistry.InTree(), 16, client, TimeProvider.System, new NoWorkloads());
        var cache = new SchedulerCache();
        for (var i = 0; i < nodes; i++)
        {
            cache.AddNode(SchedulerWorkloads.Node(i));
        }

        using var queue = new SchedulingQueue(framework.QueueSort.Less, TimeProvider.System, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), _ => Status.Success, _ => null, new Nominator());
        await using var events = new EventRecorder(client, "bench", "bench", TimeProvider.System, NullLogger.Instance);
        var scheduler = new PodScheduler(
            new Dictionary<string, SchedulingFramework> { [framework.SchedulerName] = framework },
            cache, queue, new Indexer<V1Pod>(), client, events, new SchedulerMetrics(), 0, TimeProvider.System, NullLogger.Instance);

        // Warm up (JIT, caches) on a separate set of pods, then measure.
        for (var i = 0; i < 200; i++)
        {
            scheduler.ScheduleAndAssume(framework, new PodInfo(pod(pods + i)));
        }

        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < pods; i++)
        {
            scheduler.ScheduleAndAssume(framework, new PodInfo(pod(i)));
        }

        return pods / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private sealed class NoWorkloads : IClusterView
    {
        public IReadOnlyDictionary<string, string>? NamespaceLabels(string name) => null;

        public LabelSelector DefaultSelector(PodInfo pod) => LabelSelector.Everything;

        public IReadOnlyList<PodInfo> NominatedPodsForNode(string nodeName) => [];
    }
}
