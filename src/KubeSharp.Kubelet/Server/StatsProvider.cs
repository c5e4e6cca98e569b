using Grpc.Core;
using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Pods;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Server;

/// <summary>
/// The node's and its pods' CPU and memory use, sampled every 10 s (and at start): the node's from
/// /proc, the containers' from CRI ListContainerStats, grouped by the pod labels the kubelet puts on
/// them. CPU rates (usageNanoCores) come from two successive samples. Served as upstream's Summary
/// API at <c>/stats/summary</c>, which metrics adapters and <c>kubectl top</c> read.
/// </summary>
internal sealed partial class StatsProvider(IPodStreamingSource source, TimeProvider time, ILogger logger)
{
    private const string StatPath = "/proc/stat";
    private const string MeminfoPath = "/proc/meminfo";
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    private volatile Sample? _latest;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        do
        {
            try
            {
                await SampleAsync(cancellationToken);
            }
            catch (Exception error) when (error is RpcException or IOException or FormatException && !cancellationToken.IsCancellationRequested)
            {
                LogSampleFailed(logger, error.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    /// <summary>Answers with the latest sample (taken now if there is none yet).</summary>
    public async Task HandleSummaryAsync(HttpContext context, string nodeName, CancellationToken cancellationToken)
    {
        var sample = _latest ?? await SampleAsync(cancellationToken);
        var body = sample.Summary.ToJson(nodeName);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, cancellationToken);
    }

    private async Task<Sample> SampleAsync(CancellationToken cancellationToken)
    {
        var previous = _latest;
        var now = time.GetUtcNow();
        var (usage, boot) = NodeUsageReader.ParseStat(await File.ReadAllTextAsync(StatPath, cancellationToken));
        var memory = NodeUsageReader.ParseMeminfo(await File.ReadAllTextAsync(MeminfoPath, cancellationToken));
        var nodeCpu = new CpuCounter(usage, now);
        var node = new NodeSummary(
            boot,
            new CpuSummary(now, nodeCpu.NanoCoresSince(previous?.Node), usage),
            new MemorySummary(now, memory.Available, memory.Total - memory.Free, memory.Total - memory.Available));

        var pods = new Dictionary<string, V1Pod>(StringComparer.Ordinal);
        foreach (var pod in source.Pods())
        {
            pods.TryAdd(pod.Metadata.Uid, pod);
        }

        var listed = await source.Cri.Runtime.ListContainerStatsAsync(
            new ListContainerStatsRequest { Filter = new ContainerStatsFilter() }, cancellationToken: cancellationToken);
        var counters = new Dictionary<string, CpuCounter>(StringComparer.Ordinal);
        var containers = new Dictionary<string, List<ContainerSummary>>(StringComparer.Ordinal);
        var measured = listed.Stats.Where(s => s.Attributes is not null && (s.Cpu is not null || s.Memory is not null));
        foreach (var group in measured.GroupBy(s => (Uid: Label(s, RuntimeLabels.PodUid), Name: Label(s, RuntimeLabels.ContainerName))))
        {
            if (!pods.TryGetValue(group.Key.Uid, out var pod) || group.Key.Name.Length == 0)
            {
                continue;
            }

            // An exited attempt may still be listed beside the running one: the newest attempt with CPU figures speaks.
            var stats = group.MaxBy(s => (s.Cpu?.UsageCoreNanoSeconds is not null, s.Attributes.Metadata?.Attempt ?? 0))!;
            CpuSummary? cpu = null;
            if (stats.Cpu is { UsageCoreNanoSeconds: { } cumulative } cpuStats)
            {
                var counter = new CpuCounter(cumulative.Value, Timestamp(cpuStats.Timestamp, now));
                counters[stats.Attributes.Id] = counter;
                CpuCounter? before = previous is not null && previous.Containers.TryGetValue(stats.Attributes.Id, out var earlier) ? earlier : null;
                cpu = new CpuSummary(counter.Time, counter.NanoCoresSince(before), counter.UsageCoreNanoSeconds);
            }

            var memoryStats = stats.Memory is { } m
                ? new MemorySummary(Timestamp(m.Timestamp, now), m.AvailableBytes?.Value, m.UsageBytes?.Value, m.WorkingSetBytes?.Value ?? 0)
                : null;
            if (!containers.TryGetValue(group.Key.Uid, out var list))
            {
                containers[group.Key.Uid] = list = [];
            }

            list.Add(new ContainerSummary(group.Key.Name, ContainerStarted(pod, group.Key.Name), cpu, memoryStats));
        }

        var summaries = containers
            .Select(entry => (Pod: pods[entry.Key], Containers: entry.Value))
            .OrderBy(p => p.Pod.Metadata.NamespaceProperty, StringComparer.Ordinal)
            .ThenBy(p => p.Pod.Metadata.Name, StringComparer.Ordinal)
            .Select(p => new PodSummary(
                p.Pod.Metadata.Name,
                p.Pod.Metadata.NamespaceProperty,
                p.Pod.Metadata.Uid,
                Utc(p.Pod.Status?.StartTime),
                [.. p.Containers.OrderBy(c => c.Name, StringComparer.Ordinal)]))
            .ToList();
        var sample = new Sample(new StatsSummary(node, summaries), nodeCpu, counters);
        _latest = sample;
        return sample;
    }

    private static string Label(ContainerStats stats, string name) => stats.Attributes.Labels.GetValueOrDefault(name) ?? string.Empty;

    // CRI timestamps are nanoseconds since the epoch; 0 when the runtime did not say.
    private static DateTimeOffset Timestamp(long nanoseconds, DateTimeOffset fallback) =>
        nanoseconds > 0 ? DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100) : fallback;

    private static DateTimeOffset? ContainerStarted(V1Pod pod, string name)
    {
        var status = (pod.Status?.ContainerStatuses ?? [])
            .Concat(pod.Status?.InitContainerStatuses ?? [])
            .FirstOrDefault(s => s.Name == name);
        return Utc(status?.State?.Running?.StartedAt ?? status?.State?.Terminated?.StartedAt);
    }

    private static DateTimeOffset? Utc(DateTime? time) => time switch
    {
        null => null,
        { Kind: DateTimeKind.Unspecified } unspecified => new DateTimeOffset(DateTime.SpecifyKind(unspecified, DateTimeKind.Utc)),
        { } known => new DateTimeOffset(known.ToUniversalTime()),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "sampling the node's and containers' CPU and memory failed: {Reason}")]
    private static partial void LogSampleFailed(ILogger logger, string reason);

    /// <summary>A summary with the CPU counters it was computed from, which the next sample's rates start at.</summary>
    private sealed record Sample(StatsSummary Summary, CpuCounter Node, IReadOnlyDictionary<string, CpuCounter> Containers);
}
