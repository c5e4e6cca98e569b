using System.Globalization;
using k8s;
using k8s.Models;
using KubeSharp.Client.Events;
using KubeSharp.Client.Informers;
using KubeSharp.Scheduler.Cache;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Queue;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Scheduler.Runtime;

/// <summary>
/// scheduleOne: takes the next pod from the queue, finds the feasible nodes (PreFilter, Filter over
/// a share of the nodes in parallel), ranks them (PreScore, Score), assumes the pod on the best one,
/// runs Reserve and Permit, then binds it in the background while the next pod is scheduled. On
/// failure it runs PostFilter (preemption), tells the user why, and requeues the pod.
/// </summary>
internal sealed partial class PodScheduler(
    IReadOnlyDictionary<string, SchedulingFramework> profiles,
    SchedulerCache cache,
    SchedulingQueue queue,
    Indexer<V1Pod> pods,
    IKubernetes client,
    EventRecorder events,
    SchedulerMetrics metrics,
    int percentageOfNodesToScore,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>minFeasibleNodesToFind: below this many nodes, all are filtered.</summary>
    private const int MinFeasibleNodesToFind = 100;

    /// <summary>minFeasibleNodesPercentageToFind: the adaptive percentage never goes below this.</summary>
    private const int MinFeasibleNodesPercentageToFind = 5;

    private readonly Snapshot _snapshot = new();
    private readonly SemaphoreSlim _statusUpdates = new(16);
    private int _nextStartNodeIndex;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            QueuedPodInfo? next;
            try
            {
                next = await queue.PopAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (next is null)
            {
                return;
            }

            try
            {
                await ScheduleOneAsync(next, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    internal async Task ScheduleOneAsync(QueuedPodInfo queued, CancellationToken cancellationToken)
    {
        var pod = queued.PodInfo;
        if (!profiles.TryGetValue(pod.Pod.Spec?.SchedulerName ?? Config.SchedulerProfile.DefaultSchedulerName, out var framework)
            || pod.Pod.Metadata.DeletionTimestamp is not null
            || cache.IsPlaced(pod.Pod))
        {
            return;
        }

        var started = time.GetTimestamp();
        var cycle = queue.SchedulingCycle;
        cache.UpdateSnapshot(_snapshot);
        framework.Snapshot = _snapshot;
        var state = new CycleState();
        string host;
        try
        {
            host = SchedulePod(framework, state, pod);
        }
        catch (FitError fit)
        {
            if (framework.HasPostFilterPlugins)
            {
                var (result, status) = await framework.RunPostFilterPluginsAsync(state, pod, fit.Diagnosis.NodeToStatus, cancellationToken);
                if (!status.IsSuccess && status.Reasons.Count > 0)
                {
                    fit.Diagnosis.PostFilterMessage = status.Message;
                }

                if (status.IsSuccess && result?.NominatedNodeName is { Length: > 0 } nominated)
                {
                    queue.Nominator.Add(pod, nominated);
                    Fail(framework, queued, cycle, Code.Unschedulable, fit.Message, fit.Diagnosis.UnschedulablePlugins, nominated);
                    metrics.Attempt(AttemptResult.Unschedulable, time.GetElapsedTime(started));
                    return;
                }
            }

            Fail(framework, queued, cycle, Code.Unschedulable, fit.Message, fit.Diagnosis.UnschedulablePlugins, null);
            metrics.Attempt(AttemptResult.Unschedulable, time.GetElapsedTime(started));
            return;
        }
        catch (SchedulingException error)
        {
            Fail(framework, queued, cycle, Code.Error, error.Message, [], null);
            metrics.Attempt(AttemptResult.Error, time.GetElapsedTime(started));
            return;
        }

        // Assume: the next cycle counts the pod on its node before the binding is even written.
        if (!cache.AssumePod(pod, host))
        {
            return;
        }

        queue.Nominator.Remove(pod.Key);
        var reserve = framework.RunReservePluginsReserve(state, pod, host);
        var permit = reserve.IsSuccess ? framework.RunPermitPlugins(state, pod, host) : reserve;
        if (!permit.IsSuccess && permit.Code != Code.Wait)
        {
            framework.RunReservePluginsUnreserve(state, pod, host);
            cache.ForgetPod(pod);
            Fail(framework, queued, cycle, permit.Code == Code.Error ? Code.Error : Code.Unschedulable, permit.Message, permit.Plugin is { } rejected ? [rejected] : [], null);
            metrics.Attempt(permit.Code == Code.Error ? AttemptResult.Error : AttemptResult.Unschedulable, time.GetElapsedTime(started));
            return;
        }

        metrics.Attempt(AttemptResult.Scheduled, time.GetElapsedTime(started));
        _ = Task.Run(() => BindingCycleAsync(framework, state, queued, host, cycle, cancellationToken), CancellationToken.None);
    }

    /// <summary>One scheduling cycle's algorithm and the assumption, without the queue or the API (the algorithm benchmark).</summary>
    internal string ScheduleAndAssume(SchedulingFramework framework, PodInfo pod)
    {
        cache.UpdateSnapshot(_snapshot);
        framework.Snapshot = _snapshot;
        var host = SchedulePod(framework, new CycleState(), pod);
        cache.AssumePod(pod, host);
        return host;
    }

    /// <summary>schedulePod: the node for the pod, or a <see cref="FitError"/> saying why there is none.</summary>
    internal string SchedulePod(SchedulingFramework framework, CycleState state, PodInfo pod)
    {
        if (_snapshot.NodeInfos.Count == 0)
        {
            throw new SchedulingException("no nodes available to schedule pods");
        }

        var (feasible, diagnosis) = FindNodesThatFitPod(framework, state, pod);
        if (feasible.Count == 0)
        {
            throw new FitError(_snapshot.NodeInfos.Count, diagnosis);
        }

        if (feasible.Count == 1)
        {
            return feasible[0].Name;
        }

        var preScore = framework.RunPreScorePlugins(state, pod, feasible);
        if (!preScore.IsSuccess)
        {
            throw new SchedulingException($"running PreScore plugin {preScore.Plugin}: {preScore.Message}");
        }

        var (totals, score) = framework.RunScorePlugins(state, pod, feasible);
        if (!score.IsSuccess)
        {
            throw new SchedulingException($"running Score plugin {score.Plugin}: {score.Message}");
        }

        return SelectHost(feasible, totals);
    }

    /// <summary>The highest total; ties are broken uniformly at random (reservoir sampling), as upstream.</summary>
    private static string SelectHost(IReadOnlyList<NodeInfo> nodes, long[] totals)
    {
        var best = 0;
        var ties = 1;
        for (var i = 1; i < nodes.Count; i++)
        {
            if (totals[i] > totals[best])
            {
                best = i;
                ties = 1;
            }
            else if (totals[i] == totals[best] && Random.Shared.Next(++ties) == 0)
            {
                best = i;
            }
        }

        return nodes[best].Name;
    }

    private (IReadOnlyList<NodeInfo> Feasible, Diagnosis Diagnosis) FindNodesThatFitPod(SchedulingFramework framework, CycleState state, PodInfo pod)
    {
        var diagnosis = new Diagnosis();
        var (result, preFilter) = framework.RunPreFilterPlugins(state, pod);
        if (!preFilter.IsSuccess)
        {
            if (!preFilter.IsRejected)
            {
                throw new SchedulingException($"running PreFilter plugin {preFilter.Plugin}: {preFilter.Message}");
            }

            diagnosis.NodeToStatus.AbsentNodesStatus = preFilter;
            diagnosis.PreFilterMessage = preFilter.Message;
            if (preFilter.Plugin is { } plugin)
            {
                diagnosis.UnschedulablePlugins.Add(plugin);
            }

            return ([], diagnosis);
        }

        IReadOnlyList<NodeInfo> nodes = _snapshot.NodeInfos;
        if (result?.NodeNames is { } names)
        {
            nodes = [.. names.Select(_snapshot.Get).OfType<NodeInfo>()];
            diagnosis.NodeToStatus.AbsentNodesStatus = Status.Unresolvable("node is filtered out by the prefilter result");
        }

        // A pod nominated by an earlier preemption tries its nominated node first.
        if (pod.Pod.Status?.NominatedNodeName is { Length: > 0 } nominated && _snapshot.Get(nominated) is { } nominatedNode)
        {
            var status = framework.RunFilterPluginsWithNominatedPods(state, pod, nominatedNode);
            if (status.IsSuccess)
            {
                return ([nominatedNode], diagnosis);
            }
        }

        return (FindNodesThatPassFilters(framework, state, pod, diagnosis, nodes), diagnosis);
    }

    private List<NodeInfo> FindNodesThatPassFilters(SchedulingFramework framework, CycleState state, PodInfo pod, Diagnosis diagnosis, IReadOnlyList<NodeInfo> nodes)
    {
        var count = nodes.Count;
        var toFind = NumFeasibleNodesToFind(framework.Profile.PercentageOfNodesToScore ?? percentageOfNodesToScore, count);
        var feasible = new NodeInfo?[toFind];
        var statuses = new Status?[count];
        var found = 0;
        var start = _nextStartNodeIndex % Math.Max(count, 1);
        var chunk = Math.Max(1, (int)Math.Sqrt(count));
        var chunks = (count + chunk - 1) / chunk;
        Exception? failure = null;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Math.Min(framework.Parallelism, Environment.ProcessorCount) }, (c, loop) =>
        {
            for (var i = c * chunk; i < Math.Min(count, (c + 1) * chunk); i++)
            {
                if (Volatile.Read(ref found) >= toFind)
                {
                    loop.Stop();
                    return;
                }

                var node = nodes[(start + i) % count];
                var status = framework.RunFilterPluginsWithNominatedPods(state, pod, node);
                if (status.IsSuccess)
                {
                    var slot = Interlocked.Increment(ref found) - 1;
                    if (slot < toFind)
                    {
                        feasible[slot] = node;
                    }
                    else
                    {
                        loop.Stop();
                        return;
                    }
                }
                else if (status.IsRejected)
                {
                    statuses[(start + i) % count] = status;
                }
                else
                {
                    failure = new SchedulingException($"running Filter plugin {status.Plugin}: {status.Message}");
                    loop.Stop();
                    return;
                }
            }
        });
        if (failure is not null)
        {
            throw failure;
        }

        var rejected = 0;
        for (var i = 0; i < count; i++)
        {
            if (statuses[i] is { } status)
            {
                rejected++;
                diagnosis.NodeToStatus.Statuses[nodes[i].Name] = status;
                if (status.Plugin is { } plugin)
                {
                    diagnosis.UnschedulablePlugins.Add(plugin);
                }
            }
        }

        var passed = feasible.OfType<NodeInfo>().ToList();
        _nextStartNodeIndex = (start + passed.Count + rejected) % Math.Max(count, 1);
        return passed;
    }

    /// <summary>numFeasibleNodesToFind: all nodes up to 100; else a percentage, adaptive by default (50% minus 1% per 125 nodes, at least 5%).</summary>
    internal static int NumFeasibleNodesToFind(int percentageOfNodesToScore, int numAllNodes)
    {
        if (numAllNodes < MinFeasibleNodesToFind || percentageOfNodesToScore >= 100)
        {
            return numAllNodes;
        }

        var adaptive = percentageOfNodesToScore;
        if (adaptive <= 0)
        {
            adaptive = Math.Max(50 - (numAllNodes / 125), MinFeasibleNodesPercentageToFind);
        }

        return Math.Max(numAllNodes * adaptive / 100, MinFeasibleNodesToFind);
    }

    private async Task BindingCycleAsync(SchedulingFramework framework, CycleState state, QueuedPodInfo queued, string host, long cycle, CancellationToken cancellationToken)
    {
        var pod = queued.PodInfo;
        try
        {
            var status = await framework.WaitOnPermitAsync(pod);
            if (status.IsSuccess)
            {
                status = await framework.RunPreBindPluginsAsync(state, pod, host, cancellationToken);
            }

            if (status.IsSuccess)
            {
                status = await framework.RunBindPluginsAsync(state, pod, host, cancellationToken);
            }

            if (!status.IsSuccess)
            {
                framework.RunReservePluginsUnreserve(state, pod, host);
                cache.ForgetPod(pod);
                queue.MoveAllToActiveOrBackoffQueue(new ClusterEvent(EventResource.Pod, ActionType.Delete));
                Fail(framework, queued, cycle, status.Code == Code.Error ? Code.Error : Code.Unschedulable, status.Message, status.Plugin is { } p ? [p] : [], null);
                return;
            }

            metrics.BindingDone();
            events.Event(pod.Pod, "Normal", "Scheduled", $"Successfully assigned {pod.Key} to {host}");
            framework.RunPostBindPlugins(state, pod, host);
        }
        catch (Exception error) when (error is HttpRequestException or k8s.Autorest.HttpOperationException or OperationCanceledException or TaskCanceledException)
        {
            framework.RunReservePluginsUnreserve(state, pod, host);
            cache.ForgetPod(pod);
            if (!cancellationToken.IsCancellationRequested)
            {
                Fail(framework, queued, cycle, Code.Error, $"binding failed: {error.Message}", [], null);
            }
        }
    }

    /// <summary>
    /// handleSchedulingFailure: requeue the pod (if it still exists unbound), record a
    /// FailedScheduling event, and set its PodScheduled condition (and nomination) when they changed.
    /// </summary>
    private void Fail(SchedulingFramework framework, QueuedPodInfo queued, long cycle, Code code, string message, IEnumerable<string> plugins, string? nominatedNode)
    {
        var pod = queued.PodInfo;
        LogFailed(pod.Key, message);
        queued.UnschedulablePlugins.Clear();
        queued.UnschedulablePlugins.UnionWith(plugins);
        queued.FailedWithError = code == Code.Error;
        var current = pods.Get(pod.Key);
        if (current is null || current.Metadata.Uid != pod.Uid || !string.IsNullOrEmpty(current.Spec?.NodeName))
        {
            // Deleted or bound meanwhile: nothing to retry.
            return;
        }

        queued.PodInfo = new PodInfo(current);
        queue.AddUnschedulableIfNotPresent(queued, cycle);
        events.Event(current, "Warning", "FailedScheduling", message);
        var reason = code == Code.Error ? "SchedulerError" : "Unschedulable";
        var condition = current.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
        var nominationChanged = nominatedNode is not null && nominatedNode != current.Status?.NominatedNodeName;
        if (condition is { Status: "False" } && condition.Reason == reason && condition.Message == message && !nominationChanged)
        {
            return;
        }

        _ = UpdatePodStatusAsync(current, reason, message, nominatedNode, framework.SchedulerName);
    }

    private async Task UpdatePodStatusAsync(V1Pod pod, string reason, string message, string? nominatedNode, string scheduler)
    {
        var now = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var status = new Dictionary<string, object?>
        {
            ["conditions"] = new[]
            {
                new Dictionary<string, object?>
                {
                    ["type"] = "PodScheduled",
                    ["status"] = "False",
                    ["reason"] = reason,
                    ["message"] = message,
                    ["lastProbeTime"] = null,
                    ["lastTransitionTime"] = now,
                },
            },
        };
        if (nominatedNode is not null)
        {
            status["nominatedNodeName"] = nominatedNode;
        }

        var patch = KubernetesJson.Serialize(new Dictionary<string, object> { ["status"] = status });
        await _statusUpdates.WaitAsync();
        try
        {
            await client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch), pod.Metadata.Name, pod.Metadata.NamespaceProperty, fieldManager: scheduler);
        }
        catch (Exception error) when (error is HttpRequestException or k8s.Autorest.HttpOperationException)
        {
            LogStatusFailed(pod.Metadata.NamespaceProperty, pod.Metadata.Name, error.Message);
        }
        finally
        {
            _statusUpdates.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "scheduler: unable to schedule pod {Pod}: {Message}")]
    private partial void LogFailed(string pod, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "scheduler: updating the status of pod {Namespace}/{Name}: {Error}")]
    private partial void LogStatusFailed(string? @namespace, string name, string error);
}

/// <summary>A scheduling attempt failed for a reason other than the pod not fitting (retried with backoff).</summary>
internal sealed class SchedulingException(string message) : Exception(message);
