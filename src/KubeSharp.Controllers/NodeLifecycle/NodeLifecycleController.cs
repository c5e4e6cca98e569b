using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client.Events;
using KubeSharp.Client.Informers;
using KubeSharp.Client.WorkQueue;
using KubeSharp.Controllers.Shared;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.NodeLifecycle;

/// <summary>
/// upstream's node lifecycle controller with taint-based eviction. Every node monitor period it
/// checks each node's heartbeats (Ready condition and Lease, as seen on its own clock); a node
/// silent for the grace period gets its kubelet conditions set to Unknown. Nodes whose Ready is
/// False or Unknown are queued per zone and tainted not-ready or unreachable NoExecute at the
/// eviction rate (slower or not at all when a zone, or the whole cluster, looks disrupted); Ready
/// nodes lose those taints. Independently, every node change syncs the NoSchedule taints its
/// conditions call for (TaintNodesByCondition), and the <see cref="TaintManager"/> deletes pods
/// that do not tolerate a node's NoExecute taints.
/// </summary>
public sealed partial class NodeLifecycleController : IController
{
    public const string ControllerName = "nodelifecycle";

    private const string Component = "node-controller";
    private const string LeaseNamespace = "kube-node-lease";

    /// <summary>NodeHealthUpdateRetry: status writes tried before the node is skipped until the next pass.</summary>
    private const int StatusAttempts = 5;

    /// <summary>--node-startup-grace-period: a node that never posted a Ready condition gets this long.</summary>
    private static readonly TimeSpan StartupGracePeriod = TimeSpan.FromMinutes(1);

    /// <summary>NodeEvictionPeriod: how often the zone queues are looked at.</summary>
    private static readonly TimeSpan EvictionPeriod = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan TaintRetryDelay = TimeSpan.FromMilliseconds(50);

    private readonly IKubernetes _client;
    private readonly ControllerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SharedInformer<V1Node> _nodes;
    private readonly SharedInformer<V1Pod> _pods;
    private readonly SharedInformer<V1Lease> _leases;
    private readonly NodeHealthTracker _health;
    private readonly NodeTaintPatcher _taints;
    private readonly TaintManager _taintManager;
    private readonly RateLimitingQueue<string> _noScheduleQueue;

    /// <summary>Guards the zone queues and states, which the health pass and the tainting pass share.</summary>
    private readonly Lock _zonesLock = new();
    private readonly Dictionary<string, ZoneTainter> _tainters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ZoneState> _zoneStates = new(StringComparer.Ordinal);

    /// <summary>The nodes the health pass has seen (knownNodeSet); only that pass touches it.</summary>
    private readonly Dictionary<string, V1Node> _known = new(StringComparer.Ordinal);

    public NodeLifecycleController(ControllerContext context)
    {
        _client = context.Client;
        _options = context.Options;
        _time = context.Time;
        _logger = context.Loggers.CreateLogger("node-lifecycle-controller");
        _nodes = context.Informers.Nodes;
        _pods = context.Informers.Pods;

        // Only this controller needs leases, and only the nodes' ones: a private informer on kube-node-lease.
        var client = context.Client;
        _leases = new SharedInformer<V1Lease>(
            new ListWatch<V1Lease>(
                async ct =>
                {
                    var list = await client.CoordinationV1.ListNamespacedLeaseAsync(LeaseNamespace, cancellationToken: ct);
                    return (list.Items, list.Metadata.ResourceVersion);
                },
                (version, ct) => client.CoordinationV1.WatchListNamespacedLeaseAsync(
                    LeaseNamespace, resourceVersion: version, allowWatchBookmarks: true, cancellationToken: ct)),
            _time,
            null,
            _logger);
        _health = new NodeHealthTracker(_time);
        _taints = new NodeTaintPatcher(_client, _time);
        _taintManager = new TaintManager(_client, _nodes, _pods, _time, context.Loggers.CreateLogger("taint-eviction-controller"));
        _noScheduleQueue = new RateLimitingQueue<string>(MaxOfRateLimiter<string>.ControllerDefault(_time), _time);
        _nodes.AddEventHandler(new NodeEvents(_noScheduleQueue));
    }

    public string Name => ControllerName;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var leases = _leases.RunAsync(stopping.Token);
        try
        {
            await Task.WhenAll(_nodes.Synced, _pods.Synced, _leases.Synced).WaitAsync(cancellationToken);
            await using var events = new EventRecorder(_client, Component, "kubesharp", _time, _logger);
            using var stop = cancellationToken.Register(_noScheduleQueue.ShutDown);
            var loops = new List<Task>
            {
                Task.Run(() => MonitorLoopAsync(events, cancellationToken), CancellationToken.None),
                Task.Run(() => TaintingLoopAsync(cancellationToken), CancellationToken.None),
                _taintManager.RunAsync(Math.Max(1, _options.Workers), cancellationToken),
            };
            loops.AddRange(Enumerable.Range(0, Math.Max(1, _options.Workers)).Select(_ => Task.Run(() => NoScheduleWorkAsync(cancellationToken), CancellationToken.None)));
            await Task.WhenAll(loops);
        }
        finally
        {
            await stopping.CancelAsync();
            await leases;
        }
    }

    private async Task MonitorLoopAsync(EventRecorder events, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.NodeMonitorPeriod, _time);
        do
        {
            try
            {
                await MonitorNodeHealthAsync(events, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
        while (await TickAsync(timer, cancellationToken));
    }

    private async Task TaintingLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(EvictionPeriod, _time);
        while (await TickAsync(timer, cancellationToken))
        {
            try
            {
                await TaintingPassAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static async Task<bool> TickAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>monitorNodeHealth: one pass over every node, then the zones' disruption states.</summary>
    private async Task MonitorNodeHealthAsync(EventRecorder events, CancellationToken cancellationToken)
    {
        var nodes = _nodes.Store.List();
        var present = nodes.Select(node => node.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var node in nodes.Where(node => !_known.ContainsKey(node.Metadata.Name)))
        {
            _known[node.Metadata.Name] = node;
            events.Event(node, "Normal", "RegisteredNode", $"Registered Node {node.Metadata.Name} in Controller");
        }

        foreach (var gone in _known.Values.Where(node => !present.Contains(node.Metadata.Name)).ToList())
        {
            var name = gone.Metadata.Name;
            _known.Remove(name);
            _health.Forget(name);
            ForgetInZones(name);
            events.Event(gone, "Normal", "RemovingNode", $"Removing Node {name} from Controller");
        }

        var readyByZone = new ConcurrentDictionary<string, ConcurrentBag<string?>>(StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Workers), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(nodes, parallel, async (cached, token) =>
        {
            try
            {
                var (node, observed, ready) = await UpdateHealthAsync(cached, token);
                if (node is null)
                {
                    return;
                }

                var zone = TainterFor(node).Zone;
                if (node.Metadata.Labels?.ContainsKey(Zones.ExcludeDisruptionLabel) != true)
                {
                    readyByZone.GetOrAdd(zone, _ => new ConcurrentBag<string?>()).Add(ready?.Status);
                }

                if (ready is null)
                {
                    return;
                }

                await ProcessTaintBasedEvictionAsync(node, ready.Status, token);
                if (observed == "True" && ready.Status != "True")
                {
                    LogNotReady(node.Metadata.Name, ready.Status);
                    events.Event(node, "Normal", "NodeNotReady", $"Node {node.Metadata.Name} status is now: NodeNotReady");
                }
            }
            catch (Exception error) when (error is HttpRequestException or HttpOperationException or TaskCanceledException && !token.IsCancellationRequested)
            {
                // One node's failure must not hold up the others; the next pass tries it again.
                LogNodeFailed(cached.Metadata.Name, error.Message);
            }
        });

        await HandleDisruptionAsync(readyByZone, nodes, cancellationToken);
    }

    /// <summary>
    /// tryUpdateNodeHealth: when the node has not been heard from within its grace period, writes
    /// its kubelet conditions as Unknown (re-reading and re-judging it on a conflict, as the kubelet
    /// may just have posted). Returns the node as it now is (null if deleted), the Ready status seen
    /// before, and the Ready condition now.
    /// </summary>
    private async Task<(V1Node? Node, string? Observed, V1NodeCondition? Ready)> UpdateHealthAsync(V1Node cached, CancellationToken cancellationToken)
    {
        var node = cached;
        var name = cached.Metadata.Name;
        for (var attempt = 1; ; attempt++)
        {
            var observed = NodeConditions.Find(node.Status, NodeConditions.Ready);
            var grace = observed is null ? StartupGracePeriod : _options.NodeMonitorGracePeriod;
            var seenAlive = _health.Observe(node, _leases.Store.Get($"{LeaseNamespace}/{name}"));
            var now = _time.GetUtcNow();
            if (now <= seenAlive + grace)
            {
                return (node, observed?.Status, observed);
            }

            var updated = ModelCopies.Of(node);
            updated.Status ??= new V1NodeStatus();
            if (!NodeConditions.MarkUnknown(updated.Status, updated.Metadata.CreationTimestamp, Timestamps.Seconds(now)))
            {
                return (node, observed?.Status, observed);
            }

            try
            {
                var written = await _client.CoreV1.ReplaceNodeStatusAsync(updated, name, cancellationToken: cancellationToken);
                var ready = NodeConditions.Find(written.Status, NodeConditions.Ready);
                _health.Wrote(name, ready);
                LogUnknown(name, (now - seenAlive).TotalSeconds);
                return (written, observed?.Status, ready);
            }
            catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return (null, null, null);
            }
            catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.Conflict && attempt < StatusAttempts)
            {
                try
                {
                    node = await _client.CoreV1.ReadNodeAsync(name, cancellationToken: cancellationToken);
                }
                catch (HttpOperationException gone) when (gone.Response.StatusCode == HttpStatusCode.NotFound)
                {
                    return (null, null, null);
                }
            }
        }
    }

    /// <summary>
    /// processTaintBaseEviction: a node not Ready is queued for its NoExecute taint, except that one
    /// already tainted for the other reason is switched at once (its pods are being evicted anyway);
    /// a Ready node loses both taints.
    /// </summary>
    private async Task ProcessTaintBasedEvictionAsync(V1Node node, string readyStatus, CancellationToken cancellationToken)
    {
        if (NodeTaints.NoExecuteFor(readyStatus) is not { } swap)
        {
            if (readyStatus == "True")
            {
                await MarkReachableAsync(node, cancellationToken);
            }

            return;
        }

        if (NodeTaints.Has(node.Spec?.Taints, swap.Remove.Key, NodeTaints.NoExecute))
        {
            await _taints.SwapAsync(node, [swap.Add], [swap.Remove], cancellationToken);
            return;
        }

        // markNodeForTainting. Not tainted yet for this reason: re-queue, so a node that went from
        // NotReady to Unknown before its turn gets the right taint. (Each node is handled by one
        // task per pass, so the remove and add need no lock of their own.)
        var (_, tainter) = TainterFor(node);
        var requeued = !NodeTaints.Has(node.Spec?.Taints, swap.Add.Key, NodeTaints.NoExecute) && tainter.Remove(node.Metadata.Name);
        if (tainter.Add(node.Metadata.Name) && !requeued)
        {
            LogQueued(node.Metadata.Name, readyStatus);
        }
    }

    /// <summary>markNodeAsReachable: removes both NoExecute taints and takes the node out of the zone queues.</summary>
    private async Task MarkReachableAsync(V1Node node, CancellationToken cancellationToken)
    {
        IReadOnlyList<V1Taint> remove =
        [
            new V1Taint { Key = NodeTaints.NotReady, Effect = NodeTaints.NoExecute },
            new V1Taint { Key = NodeTaints.Unreachable, Effect = NodeTaints.NoExecute },
        ];
        if (remove.Any(taint => NodeTaints.Has(node.Spec?.Taints, taint.Key, taint.Effect)))
        {
            await _taints.SwapAsync(node, [], remove, cancellationToken);
            LogReachable(node.Metadata.Name);
        }

        ForgetInZones(node.Metadata.Name);
    }

    /// <summary>doNoExecuteTaintingPass: taints the nodes each zone's limiter lets through.</summary>
    private async Task TaintingPassAsync(CancellationToken cancellationToken)
    {
        List<ZoneTainter> tainters;
        lock (_zonesLock)
        {
            tainters = [.. _tainters.Values];
        }

        foreach (var tainter in tainters)
        {
            foreach (var name in tainter.TakeDue())
            {
                var node = _nodes.Store.Get(name);
                if (node is null)
                {
                    continue;
                }

                var ready = NodeConditions.Find(node.Status, NodeConditions.Ready);
                if (ready is null)
                {
                    tainter.Retry(name, TaintRetryDelay);
                    continue;
                }

                // Ready again since it was queued: nothing to do.
                if (NodeTaints.NoExecuteFor(ready.Status) is not { } swap)
                {
                    continue;
                }

                try
                {
                    if (await _taints.SwapAsync(node, [swap.Add], [swap.Remove], cancellationToken))
                    {
                        LogTainted(name, swap.Add.Key);
                    }
                }
                catch (Exception error) when (error is HttpRequestException or HttpOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    LogNodeFailed(name, error.Message);
                    tainter.Retry(name, TaintRetryDelay);
                }
            }
        }
    }

    /// <summary>
    /// handleDisruption: sets each zone's eviction rate from its state. When every zone is fully
    /// disrupted the likeliest cause is this controller's own connectivity, not the nodes, so all
    /// evictions stop and the NoExecute taints come off; when nodes come back, every node gets a
    /// fresh grace period.
    /// </summary>
    private async Task HandleDisruptionAsync(ConcurrentDictionary<string, ConcurrentBag<string?>> readyByZone, List<V1Node> nodes, CancellationToken cancellationToken)
    {
        var computed = readyByZone.ToDictionary(
            zone => zone.Key,
            zone => (Zones.Compute([.. zone.Value]).State, Size: zone.Value.Count),
            StringComparer.Ordinal);
        var allAreFull = computed.Values.All(zone => zone.State == ZoneState.FullDisruption);
        var entering = false;
        lock (_zonesLock)
        {
            foreach (var zone in computed.Keys)
            {
                _zoneStates.TryAdd(zone, ZoneState.Initial);
            }

            var allWereFull = true;
            foreach (var (zone, state) in _zoneStates.ToList())
            {
                if (!computed.ContainsKey(zone))
                {
                    _zoneStates.Remove(zone);
                }
                else if (state != ZoneState.FullDisruption)
                {
                    allWereFull = false;
                }
            }

            if (!allAreFull || !allWereFull)
            {
                if (allAreFull)
                {
                    entering = true;
                    foreach (var zone in _zoneStates.Keys.ToList())
                    {
                        _tainters[zone].SwapLimiter(0);
                        _zoneStates[zone] = ZoneState.FullDisruption;
                    }
                }
                else
                {
                    if (allWereFull)
                    {
                        LogDisruptionOver();
                        _health.ResetAll();
                    }

                    foreach (var (zone, (state, size)) in computed)
                    {
                        if (allWereFull || _zoneStates[zone] != state)
                        {
                            LogZoneState(Zones.Describe(zone), state.ToString());
                            _tainters[zone].SwapLimiter(Zones.RateFor(state, size, _options.NodeEvictionRate));
                            _zoneStates[zone] = state;
                        }
                    }
                }
            }
        }

        if (!entering)
        {
            return;
        }

        LogDisruptionStarted();
        foreach (var node in nodes)
        {
            try
            {
                await MarkReachableAsync(node, cancellationToken);
            }
            catch (Exception error) when (error is HttpRequestException or HttpOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                LogNodeFailed(node.Metadata.Name, error.Message);
            }
        }
    }

    /// <summary>The node's zone and its queue, made at the normal rate the first time the zone is seen (addPodEvictorForNewZone).</summary>
    private (string Zone, ZoneTainter Tainter) TainterFor(V1Node node)
    {
        var zone = Zones.KeyOf(node);
        lock (_zonesLock)
        {
            if (!_tainters.TryGetValue(zone, out var tainter))
            {
                tainter = new ZoneTainter(_options.NodeEvictionRate, _time);
                _tainters[zone] = tainter;
            }

            return (zone, tainter);
        }
    }

    /// <summary>Drops the node from every zone queue (its zone label may have changed since it was queued).</summary>
    private void ForgetInZones(string node)
    {
        lock (_zonesLock)
        {
            foreach (var tainter in _tainters.Values)
            {
                tainter.Remove(node);
            }
        }
    }

    /// <summary>doNodeProcessingPassWorker: keeps each changed node's condition NoSchedule taints in line with its conditions.</summary>
    private async Task NoScheduleWorkAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var (name, shutdown) = await _noScheduleQueue.GetAsync(CancellationToken.None);
            if (shutdown)
            {
                return;
            }

            try
            {
                var node = _nodes.Store.Get(name);
                if (node is not null)
                {
                    var (add, remove) = NodeTaints.NoScheduleChanges(node);
                    if (add.Count > 0 || remove.Count > 0)
                    {
                        await _taints.SwapAsync(node, add, remove, cancellationToken);
                    }
                }

                _noScheduleQueue.Forget(name);
            }
            catch (Exception error) when (error is HttpRequestException or HttpOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                LogNodeFailed(name, error.Message);
                _noScheduleQueue.AddRateLimited(name);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            finally
            {
                _noScheduleQueue.Done(name);
            }
        }
    }

    /// <summary>Every added or changed node is looked at for its NoSchedule taints.</summary>
    private sealed class NodeEvents(RateLimitingQueue<string> queue) : IResourceEventHandler<V1Node>
    {
        public void OnAdd(V1Node item) => queue.Add(item.Metadata.Name);

        public void OnUpdate(V1Node old, V1Node current) => queue.Add(current.Metadata.Name);

        public void OnDelete(V1Node item)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "node lifecycle controller: node {Node} not heard from for {Seconds} s; its conditions are now Unknown")]
    private partial void LogUnknown(string node, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "node lifecycle controller: node {Node} is not ready (Ready={Status})")]
    private partial void LogNotReady(string node, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "node lifecycle controller: node {Node} (Ready={Status}) queued for its NoExecute taint")]
    private partial void LogQueued(string node, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "node lifecycle controller: node {Node} tainted {Taint}:NoExecute")]
    private partial void LogTainted(string node, string taint);

    [LoggerMessage(Level = LogLevel.Information, Message = "node lifecycle controller: node {Node} is healthy again; NoExecute taints removed")]
    private partial void LogReachable(string node);

    [LoggerMessage(Level = LogLevel.Information, Message = "node lifecycle controller: zone {Zone} is now in state {State}")]
    private partial void LogZoneState(string zone, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "node lifecycle controller: every node is not ready; evictions stop until some node is ready again")]
    private partial void LogDisruptionStarted();

    [LoggerMessage(Level = LogLevel.Information, Message = "node lifecycle controller: some nodes are ready again; evictions resume")]
    private partial void LogDisruptionOver();

    [LoggerMessage(Level = LogLevel.Warning, Message = "node lifecycle controller: node {Node}: {Reason}")]
    private partial void LogNodeFailed(string node, string reason);
}
