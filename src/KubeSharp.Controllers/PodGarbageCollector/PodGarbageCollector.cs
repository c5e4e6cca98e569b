using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client.Informers;
using KubeSharp.Client.WorkQueue;
using KubeSharp.Controllers.Shared;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.PodGarbageCollector;

/// <summary>
/// upstream's pod garbage collector: every 20 s it deletes terminated pods beyond
/// --terminated-pod-gc-threshold (oldest first), terminating pods on out-of-service nodes, pods
/// bound to nodes that no longer exist (after a 40 s quarantine and a GET confirming the node is
/// gone, since the node cache may lag) and terminating pods that were never scheduled. Each is
/// marked Failed first, then deleted with no grace period, as no kubelet will finish it.
/// </summary>
public sealed partial class PodGarbageCollector : IController
{
    public const string ControllerName = "podgc";

    /// <summary>gcCheckPeriod.</summary>
    private static readonly TimeSpan GcCheckPeriod = TimeSpan.FromSeconds(20);

    /// <summary>quarantineTime: how long a missing node may take to show up in the cache before a GET decides.</summary>
    private static readonly TimeSpan QuarantineTime = TimeSpan.FromSeconds(40);

    /// <summary>Concurrent deletions per pass (upstream starts one goroutine per pod).</summary>
    private const int Parallelism = 8;

    private readonly IKubernetes _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _terminatedPodThreshold;
    private readonly SharedInformer<V1Pod> _pods;
    private readonly SharedInformer<V1Node> _nodes;
    private readonly RateLimitingQueue<string> _nodeQueue;

    public PodGarbageCollector(ControllerContext context)
    {
        _client = context.Client;
        _time = context.Time;
        _logger = context.Loggers.CreateLogger("pod-garbage-collector");
        _terminatedPodThreshold = context.Options.TerminatedPodGcThreshold;
        _pods = context.Informers.Pods;
        _nodes = context.Informers.Nodes;

        // Only its delays are used (upstream's delaying queue of node names); the limiter never runs.
        _nodeQueue = new RateLimitingQueue<string>(MaxOfRateLimiter<string>.ControllerDefault(_time), _time);
    }

    public string Name => ControllerName;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = cancellationToken.Register(_nodeQueue.ShutDown);
        try
        {
            await Task.WhenAll(_pods.Synced, _nodes.Synced).WaitAsync(cancellationToken);
            while (true)
            {
                try
                {
                    await GcAsync(cancellationToken);
                }
                catch (Exception error) when (!cancellationToken.IsCancellationRequested)
                {
                    // A failed pass (the API server away, a timeout) is simply tried again next period.
                    LogPassFailed(error.Message);
                }

                await Task.Delay(GcCheckPeriod, _time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass over the cached pods and nodes.</summary>
    internal async Task GcAsync(CancellationToken cancellationToken)
    {
        var pods = _pods.Store.List();
        var nodes = _nodes.Store.List();
        await DeleteAllAsync(PodGcSelection.TerminatedToDelete(pods, _terminatedPodThreshold), null, "terminated", cancellationToken);

        var nodesByName = nodes.Where(node => node.Metadata?.Name is not null).ToDictionary(node => node.Metadata.Name!, StringComparer.Ordinal);
        await DeleteAllAsync(PodGcSelection.TerminatingOnOutOfServiceNodes(pods, nodesByName), null, "terminating on an out-of-service node", cancellationToken);

        if (await DeletedNodesAsync(pods, nodesByName.Keys.ToHashSet(StringComparer.Ordinal), cancellationToken) is { Count: > 0 } deleted)
        {
            await DeleteAllAsync(PodGcSelection.Orphaned(pods, deleted), FailedPodPatch.NodeGone(), "orphaned (its node no longer exists)", cancellationToken);
        }

        await DeleteAllAsync(PodGcSelection.UnscheduledTerminating(pods), null, "unscheduled and terminating", cancellationToken);
    }

    /// <summary>
    /// upstream's gcOrphaned quarantine: nodes missing from the cache are queued for 40 s; those that
    /// come due and are still missing are asked for with a GET, and only a NotFound counts.
    /// </summary>
    private async Task<HashSet<string>> DeletedNodesAsync(List<V1Pod> pods, HashSet<string> existing, CancellationToken cancellationToken)
    {
        foreach (var name in PodGcSelection.MissingNodes(pods, existing))
        {
            _nodeQueue.AddAfter(name, QuarantineTime);
        }

        var deleted = new HashSet<string>(StringComparer.Ordinal);
        while (_nodeQueue.Length > 0)
        {
            var (name, shutdown) = await _nodeQueue.GetAsync(cancellationToken);
            if (shutdown)
            {
                break;
            }

            try
            {
                if (!existing.Contains(name) && !await NodeExistsAsync(name, cancellationToken))
                {
                    deleted.Add(name);
                }
            }
            catch (Exception error) when (error is HttpOperationException or HttpRequestException)
            {
                // Queued again by the next pass if a pod still needs it.
                LogNodeCheckFailed(name, error.Message);
            }
            finally
            {
                _nodeQueue.Done(name);
            }
        }

        return deleted;
    }

    private async Task<bool> NodeExistsAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await _client.CoreV1.ReadNodeAsync(name, cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException error) when (ApiResponses.IsNotFound(error))
        {
            return false;
        }
    }

    private async Task DeleteAllAsync(List<V1Pod> pods, V1PodCondition? condition, string why, CancellationToken cancellationToken)
    {
        if (pods.Count == 0)
        {
            return;
        }

        LogCollecting(pods.Count, why);
        await Parallel.ForEachAsync(
            pods,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (pod, token) =>
            {
                try
                {
                    await MarkFailedAndDeleteAsync(pod, condition, token);
                    LogDeleted(pod.Metadata.NamespaceProperty, pod.Metadata.Name, why);
                }
                catch (HttpOperationException error) when (ApiResponses.IsNotFound(error))
                {
                    // Already gone: what this pass wanted.
                }
                catch (Exception error) when (!token.IsCancellationRequested)
                {
                    // One pod failing does not stop the others; the next pass tries it again.
                    LogDeleteFailed(pod.Metadata.NamespaceProperty, pod.Metadata.Name, error.Message);
                }
            });
    }

    /// <summary>Failed first (with the condition, if any), then deleted with grace period 0.</summary>
    private async Task MarkFailedAndDeleteAsync(V1Pod pod, V1PodCondition? condition, CancellationToken cancellationToken)
    {
        var name = pod.Metadata.Name;
        var @namespace = pod.Metadata.NamespaceProperty;
        if (FailedPodPatch.For(pod, condition, _time.GetUtcNow()) is { } patch)
        {
            await _client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch), name, @namespace, cancellationToken: cancellationToken);
        }

        await _client.CoreV1.DeleteNamespacedPodAsync(name, @namespace, new V1DeleteOptions { GracePeriodSeconds = 0 }, gracePeriodSeconds: 0, cancellationToken: cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "pod garbage collector: deleting {Count} pods: {Why}")]
    private partial void LogCollecting(int count, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "pod garbage collector: force-deleted {Namespace}/{Pod}: {Why}")]
    private partial void LogDeleted(string @namespace, string pod, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod garbage collector: deleting {Namespace}/{Pod} failed: {Reason}")]
    private partial void LogDeleteFailed(string @namespace, string pod, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod garbage collector: pass failed: {Reason}")]
    private partial void LogPassFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod garbage collector: checking whether node {Node} exists failed: {Reason}")]
    private partial void LogNodeCheckFailed(string node, string reason);
}
