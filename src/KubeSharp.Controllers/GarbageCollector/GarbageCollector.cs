using k8s;
using KubeSharp.Client.WorkQueue;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>
/// upstream's garbage collector: watches every resource that can be listed, watched and deleted
/// (found through discovery, looked at again every 30 s), keeps a graph of owners and dependents,
/// and through the API server deletes dependents whose owners are all gone (background), deletes
/// the dependents of an owner being deleted in the foreground before letting the owner go, and
/// removes an owner being deleted with the orphan policy from its dependents' ownerReferences.
/// </summary>
public sealed partial class GarbageCollector : IController
{
    public const string ControllerName = "garbagecollector";

    /// <summary>metav1.FinalizerDeleteDependents: the owner waits for its blocking dependents.</summary>
    internal const string ForegroundFinalizer = "foregroundDeletion";

    /// <summary>metav1.FinalizerOrphanDependents: the owner's dependents are released, not deleted.</summary>
    internal const string OrphanFinalizer = "orphan";

    private static readonly TimeSpan DiscoveryPeriod = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan InitialSyncTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DiscoveryRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>upstream's DefaultIgnoredResources: events come and go too fast to be worth a graph node.</summary>
    private static readonly HashSet<string> IgnoredResources = new(StringComparer.Ordinal) { "events", "events.events.k8s.io" };

    private readonly MetadataClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _workers;
    private readonly RateLimitingQueue<GraphNode> _attemptToDelete;
    private readonly RateLimitingQueue<GraphNode> _attemptToOrphan;
    private readonly ReferenceCache _absentOwners = new(500);
    private readonly GraphBuilder _graph;
    private readonly ResourceMonitors _monitors;
    private volatile ResourceMap _resources = ResourceMap.Empty;

    public GarbageCollector(ControllerContext context)
    {
        _time = context.Time;
        _logger = context.Loggers.CreateLogger("garbage-collector");
        _workers = Math.Max(1, context.Options.Workers);
        _client = new MetadataClient((Kubernetes)context.Client, _time);
        _attemptToDelete = new RateLimitingQueue<GraphNode>(MaxOfRateLimiter<GraphNode>.ControllerDefault(_time), _time);
        _attemptToOrphan = new RateLimitingQueue<GraphNode>(MaxOfRateLimiter<GraphNode>.ControllerDefault(_time), _time);
        _graph = new GraphBuilder(_attemptToDelete, _attemptToOrphan, _absentOwners, _logger);
        _monitors = new ResourceMonitors(_client, _graph, _time, _logger);
    }

    public string Name => ControllerName;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = cancellationToken.Register(() =>
        {
            _attemptToDelete.ShutDown();
            _attemptToOrphan.ShutDown();
        });

        // Its own token, so the graph loop also stops if the rest ends for a reason other than cancellation.
        using var graphStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var graph = Task.Run(() => _graph.RunAsync(graphStop.Token), CancellationToken.None);
        try
        {
            await StartMonitorsAsync(cancellationToken);
            LogCollecting(_monitors.Count);
            var loops = new List<Task> { Task.Run(() => RediscoverAsync(cancellationToken), CancellationToken.None) };
            for (var i = 0; i < _workers; i++)
            {
                loops.Add(Task.Run(() => DeleteWorkerAsync(cancellationToken), CancellationToken.None));
                loops.Add(Task.Run(() => OrphanWorkerAsync(cancellationToken), CancellationToken.None));
            }

            await Task.WhenAll(loops);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await _monitors.StopAllAsync();
            await graphStop.CancelAsync();
            await graph;
        }
    }

    /// <summary>Discovers until it works, then waits for the informers' first lists, but not forever (as upstream, workers start anyway).</summary>
    private async Task StartMonitorsAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                if (await SyncMonitorsAsync(cancellationToken))
                {
                    break;
                }
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogDiscoveryFailed(error.Message);
            }

            await Task.Delay(DiscoveryRetryDelay, _time, cancellationToken);
        }

        try
        {
            await _monitors.WaitForSyncAsync(cancellationToken).WaitAsync(InitialSyncTimeout, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            LogNotSynced();
        }
    }

    /// <summary>upstream's Sync: re-discovers every period and starts or stops informers for what changed.</summary>
    private async Task RediscoverAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await Task.Delay(DiscoveryPeriod, _time, cancellationToken);
                await SyncMonitorsAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                LogDiscoveryFailed(error.Message);
            }
        }
    }

    /// <summary>False when discovery found nothing to watch (then nothing changes, as upstream).</summary>
    private async Task<bool> SyncMonitorsAsync(CancellationToken cancellationToken)
    {
        var discovered = await ResourceDiscovery.DiscoverAsync(_client, cancellationToken);
        var deletable = discovered.Deletable(IgnoredResources).ToList();
        if (deletable.Count == 0)
        {
            LogNothingDiscovered();
            return false;
        }

        _resources = discovered;
        var (started, stopped) = _monitors.Sync(deletable, discovered.FailedGroupVersions, cancellationToken);
        if (started > 0 || stopped > 0)
        {
            LogMonitorsSynced(started, stopped, _monitors.Count);
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "garbage collector: collecting garbage, watching {Resources} resources")]
    private partial void LogCollecting(int resources);

    [LoggerMessage(Level = LogLevel.Information, Message = "garbage collector: watching {Started} more and {Stopped} fewer resources, {Total} in all")]
    private partial void LogMonitorsSynced(int started, int stopped, int total);

    [LoggerMessage(Level = LogLevel.Warning, Message = "garbage collector: discovery failed: {Reason}")]
    private partial void LogDiscoveryFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "garbage collector: discovery reported no deletable resources; keeping what is watched")]
    private partial void LogNothingDiscovered();

    [LoggerMessage(Level = LogLevel.Warning, Message = "garbage collector: not all resources listed in time; proceeding anyway")]
    private partial void LogNotSynced();
}
