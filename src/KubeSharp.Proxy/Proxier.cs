using System.Globalization;
using k8s.Models;
using KubeSharp.Client.Informers;
using KubeSharp.Proxy.Health;
using KubeSharp.Proxy.Metrics;
using KubeSharp.Proxy.Nftables;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Proxy;

/// <summary>
/// The engine of kube-proxy's nftables mode: it keeps the Services and EndpointSlices it is told
/// about, marks the Services they change, and programs one table of its own in one nft batch per
/// sync. The first sync (and any after a failure, when the kernel's state is unknown) replaces the
/// whole table; later ones diff each changed Service against what was applied for it and send only
/// the commands that make up the difference, so their cost follows the change, not the cluster.
/// Change notifications may come from any thread; syncs run one at a time.
/// </summary>
internal sealed partial class Proxier
{
    private const string ServiceNameLabel = "kubernetes.io/service-name";
    private const string TriggerTimeAnnotation = "endpoints.kubernetes.io/last-change-trigger-time";

    private readonly string _table;
    private readonly INftRunner _nft;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ServiceRulesBuilder _builder;
    private readonly DateTimeOffset _startedAt;

    // What the informers told, guarded by _lock.
    private readonly Lock _lock = new();
    private readonly Dictionary<string, V1Service> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, V1EndpointSlice>> _slicesByService = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _sliceServices = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly List<DateTimeOffset> _triggerTimes = [];
    private bool _needFullSync = true;

    // What the table holds, touched by the running sync only.
    private readonly Dictionary<string, ServiceRules> _applied = new(StringComparer.Ordinal);
    private readonly ElementOwners _owners = new();
    private readonly HairpinRefs _hairpin = new();
    private int _servicePorts;
    private int _syncing;

    public Proxier(ProxyOptions options, INftRunner nft, TimeProvider time, ILogger logger)
    {
        options.Validate();
        _table = options.TableName;
        _nft = nft;
        _time = time;
        _logger = logger;
        _builder = new ServiceRulesBuilder(options);
        _startedAt = time.GetUtcNow();
        Health = new ProxyHealth(time, 2 * options.SyncPeriod);
    }

    public ProxyHealth Health { get; }

    public ProxyMetrics Metrics { get; } = new();

    public bool HasPendingChanges
    {
        get
        {
            lock (_lock)
            {
                return _needFullSync || _dirty.Count > 0;
            }
        }
    }

    public void OnServiceChanged(V1Service? old, V1Service? current)
    {
        if (current is not null && old is not null && SameVersion(old, current))
        {
            return;
        }

        var item = current ?? old;
        if (item is null)
        {
            return;
        }

        var key = ObjectKeys.Of(item);
        lock (_lock)
        {
            if (current is null)
            {
                _services.Remove(key);
            }
            else
            {
                _services[key] = current;
            }

            _dirty.Add(key);
        }

        Queued();
        Metrics.ServiceChanged();
    }

    /// <summary>
    /// Files the slice under the Service its kubernetes.io/service-name label names (IPv4 slices
    /// only); a slice whose label changed moves, and both Services are marked.
    /// </summary>
    public void OnEndpointSliceChanged(V1EndpointSlice? old, V1EndpointSlice? current)
    {
        if (current is not null && old is not null && SameVersion(old, current))
        {
            return;
        }

        var item = current ?? old;
        if (item is null)
        {
            return;
        }

        var sliceKey = ObjectKeys.Of(item);
        var service = current is null ? null : ServiceOf(current);
        var triggerTime = current is null ? null : TriggerTime(current);
        lock (_lock)
        {
            if (_sliceServices.Remove(sliceKey, out var previous))
            {
                if (_slicesByService.TryGetValue(previous, out var slices) && slices.Remove(sliceKey) && slices.Count == 0)
                {
                    _slicesByService.Remove(previous);
                }

                _dirty.Add(previous);
            }

            if (service is not null)
            {
                _sliceServices[sliceKey] = service;
                if (!_slicesByService.TryGetValue(service, out var slices))
                {
                    slices = new Dictionary<string, V1EndpointSlice>(StringComparer.Ordinal);
                    _slicesByService[service] = slices;
                }

                slices[sliceKey] = current!;
                _dirty.Add(service);

                // Only a change after this proxy started counts toward programming latency, as upstream.
                if (triggerTime is { } at && at > _startedAt)
                {
                    _triggerTimes.Add(at);
                }
            }
        }

        Queued();
        Metrics.EndpointSliceChanged();
    }

    /// <summary>
    /// Brings the table up to date in one nft batch; null when nothing needed nft. A failure leaves
    /// the next sync to rebuild the whole table.
    /// </summary>
    /// <exception cref="InvalidOperationException">nft failed, or a sync is already running.</exception>
    public async Task<SyncResult?> SyncAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _syncing, 1) == 1)
        {
            throw new InvalidOperationException("a sync is already running");
        }

        try
        {
            return await SyncCoreAsync(cancellationToken);
        }
        finally
        {
            Volatile.Write(ref _syncing, 0);
        }
    }

    /// <summary>The load balancer IPs of the proxied Services, as applied by the last sync; not during a sync.</summary>
    public HashSet<string> LoadBalancerIps()
    {
        var ips = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rules in _applied.Values)
        {
            foreach (var ip in rules.LoadBalancerIps)
            {
                ips.Add(ip);
            }
        }

        return ips;
    }

    /// <summary>The health check node ports with their Services, as applied by the last sync; not during a sync.</summary>
    public Dictionary<int, HealthCheckTarget> HealthCheckTargets()
    {
        var targets = new Dictionary<int, HealthCheckTarget>();
        foreach (var rules in _applied.Values)
        {
            if (rules.HealthCheck is { } check)
            {
                targets.TryAdd(check.Port, check.Target);
            }
        }

        return targets;
    }

    /// <summary>Deletes the table (on shutdown); a table that is not there is fine.</summary>
    public async Task DeleteTableAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _needFullSync = true;
        }

        await _nft.DeleteTableAsync(_table, cancellationToken);
    }

    private async Task<SyncResult?> SyncCoreAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        bool full;
        List<(string Key, V1Service? Service, V1EndpointSlice[] Slices)> work;
        DateTimeOffset[] triggerTimes;
        lock (_lock)
        {
            full = _needFullSync;
            if (!full && _dirty.Count == 0)
            {
                work = [];
                triggerTimes = [];
            }
            else
            {
                work = full ? Snapshot(_services.Keys) : Snapshot(_dirty);
                triggerTimes = [.. _triggerTimes];
                _triggerTimes.Clear();
                _dirty.Clear();
                _needFullSync = false;
            }
        }

        if (!full && work.Count == 0)
        {
            Health.Updated();
            return null;
        }

        int commands;
        try
        {
            (var script, commands) = full ? BuildFull(work) : BuildPartial(work);
            if (commands > 0)
            {
                await _nft.RunAsync(script, cancellationToken);
            }
        }
        catch (Exception error)
        {
            // Whatever part of the batch was built or applied, only a full rebuild is sure to be right.
            lock (_lock)
            {
                _needFullSync = true;
            }

            if (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Metrics.SyncFailed();
                LogSyncFailed(full ? "full" : "partial", error.Message);
            }

            throw;
        }

        var finished = _time.GetUtcNow();
        var duration = _time.GetElapsedTime(started);
        Health.Updated();
        Metrics.ObserveSync(full, duration);
        Metrics.Synced(finished);
        foreach (var at in triggerTimes)
        {
            Metrics.ObserveNetworkProgramming(finished - at);
        }

        if (commands == 0)
        {
            // The changes did not change any rule.
            return null;
        }

        LogSynced(full ? "full" : "partial", work.Count, _servicePorts, commands, duration.TotalMilliseconds);
        return new SyncResult(full, _servicePorts, commands, duration, finished);
    }

    /// <summary>The Services and their slices as they are now; called under the lock.</summary>
    private List<(string Key, V1Service? Service, V1EndpointSlice[] Slices)> Snapshot(IEnumerable<string> keys)
    {
        var work = new List<(string, V1Service?, V1EndpointSlice[])>();
        foreach (var key in keys)
        {
            V1EndpointSlice[] slices = _slicesByService.TryGetValue(key, out var byName) ? [.. byName.Values] : [];
            work.Add((key, _services.GetValueOrDefault(key), slices));
        }

        return work;
    }

    private (string Script, int Commands) BuildFull(List<(string Key, V1Service? Service, V1EndpointSlice[] Slices)> work)
    {
        _applied.Clear();
        _owners.Clear();
        _hairpin.Clear();
        _servicePorts = 0;
        var elements = new List<NftElement>(work.Count * 2);
        foreach (var (key, service, slices) in work)
        {
            if (service is null || _builder.Build(service, slices) is not { PortCount: > 0 } rules)
            {
                continue;
            }

            _applied[key] = rules;
            _servicePorts += rules.PortCount;
            foreach (var element in rules.Elements)
            {
                if (_owners.TryClaim(element.Id, key))
                {
                    elements.Add(element);
                }
                else
                {
                    LogConflict(element.Map, element.Key, key);
                }
            }

            foreach (var ip in rules.HairpinIps)
            {
                _hairpin.Acquire(ip);
            }
        }

        var script = FullScript.Write(_table, _applied.Values, elements, _hairpin.Ips, out var commands);
        return (script, commands);
    }

    private (string Script, int Commands) BuildPartial(List<(string Key, V1Service? Service, V1EndpointSlice[] Slices)> work)
    {
        var batch = new IncrementalBatch(_table);
        var woken = new HashSet<string>(StringComparer.Ordinal);
        var conflicts = new List<NftElement>();
        var pending = new Queue<(string Key, V1Service? Service, V1EndpointSlice[] Slices)>(work);
        while (pending.TryDequeue(out var next))
        {
            var (key, service, slices) = next;
            var current = service is null ? new ServiceRules() : _builder.Build(service, slices);
            var old = _applied.GetValueOrDefault(key) ?? new ServiceRules();
            RulesDiff.Apply(key, old, current, batch, _owners, _hairpin, woken, conflicts);
            _servicePorts += current.PortCount - old.PortCount;
            if (current.PortCount > 0)
            {
                _applied[key] = current;
            }
            else
            {
                _applied.Remove(key);
            }

            foreach (var element in conflicts)
            {
                LogConflict(element.Map, element.Key, key);
            }

            conflicts.Clear();
            if (woken.Count > 0)
            {
                // Services that waited for an element this one gave up may claim it in this batch.
                lock (_lock)
                {
                    foreach (var item in Snapshot(woken))
                    {
                        pending.Enqueue(item);
                    }
                }

                woken.Clear();
            }
        }

        return (batch.ToString(), batch.Commands);
    }

    private void Queued()
    {
        Health.QueuedUpdate();
        Metrics.Queued(_time.GetUtcNow());
    }

    private static bool SameVersion(V1ObjectMeta? old, V1ObjectMeta? current) =>
        old?.ResourceVersion is { Length: > 0 } version && version == current?.ResourceVersion;

    private static bool SameVersion(V1Service old, V1Service current) => ReferenceEquals(old, current) || SameVersion(old.Metadata, current.Metadata);

    private static bool SameVersion(V1EndpointSlice old, V1EndpointSlice current) => ReferenceEquals(old, current) || SameVersion(old.Metadata, current.Metadata);

    /// <summary>"namespace/service" of an IPv4 slice with a service-name label; null for any other.</summary>
    private static string? ServiceOf(V1EndpointSlice slice) =>
        slice.AddressType == "IPv4" && slice.Metadata?.Labels is { } labels && labels.TryGetValue(ServiceNameLabel, out var name) && name.Length > 0
            ? $"{slice.Metadata.NamespaceProperty}/{name}"
            : null;

    private static DateTimeOffset? TriggerTime(V1EndpointSlice slice) =>
        slice.Metadata?.Annotations is { } annotations
        && annotations.TryGetValue(TriggerTimeAnnotation, out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : null;

    [LoggerMessage(Level = LogLevel.Debug, Message = "kube-proxy: {Kind} sync of {Services} services, {ServicePorts} service ports in the table, {Commands} nft commands, {Milliseconds} ms")]
    private partial void LogSynced(string kind, int services, int servicePorts, int commands, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "kube-proxy: {Kind} sync failed, the next one rebuilds the table: {Reason}")]
    private partial void LogSyncFailed(string kind, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "kube-proxy: {Map} element {Key} of {Service} is another Service's already; left out")]
    private partial void LogConflict(string map, string key, string service);
}
