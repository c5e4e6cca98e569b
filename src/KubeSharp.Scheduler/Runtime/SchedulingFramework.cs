using System.Collections.Concurrent;
using k8s;
using KubeSharp.Api.Selectors;
using KubeSharp.Scheduler.Config;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Runtime;

/// <summary>
/// One profile at run time (upstream's frameworkImpl): its plugins instantiated once and listed per
/// extension point in the configured order, and the code that runs each extension point.
/// </summary>
public sealed class SchedulingFramework : IFrameworkHandle
{
    private readonly IClusterView _view;
    private readonly ConcurrentDictionary<string, WaitingPod> _waitingPods = new(StringComparer.Ordinal);
    private readonly List<IPreEnqueuePlugin> _preEnqueue = [];
    private readonly List<IPreFilterPlugin> _preFilter = [];
    private readonly List<IFilterPlugin> _filter = [];
    private readonly List<IPostFilterPlugin> _postFilter = [];
    private readonly List<IPreScorePlugin> _preScore = [];
    private readonly List<(IScorePlugin Plugin, int Weight)> _score = [];
    private readonly List<IReservePlugin> _reserve = [];
    private readonly List<IPermitPlugin> _permit = [];
    private readonly List<IPreBindPlugin> _preBind = [];
    private readonly List<IBindPlugin> _bind = [];
    private readonly List<IPostBindPlugin> _postBind = [];

    private SchedulingFramework(SchedulerProfile profile, int parallelism, IKubernetes client, TimeProvider time, IClusterView view)
    {
        Profile = profile;
        Parallelism = parallelism;
        Client = client;
        Time = time;
        _view = view;
    }

    public SchedulerProfile Profile { get; }

    public string SchedulerName => Profile.SchedulerName;

    public Snapshot Snapshot { get; set; } = new();

    public IKubernetes Client { get; }

    public TimeProvider Time { get; }

    public int Parallelism { get; }

    public IQueueSortPlugin QueueSort { get; private set; } = null!;

    public bool HasPostFilterPlugins => _postFilter.Count > 0;

    public bool HasScorePlugins => _score.Count > 0;

    /// <summary>The score plugins in order, with their weights.</summary>
    internal IEnumerable<(string Name, int Weight)> ScorePlugins => _score.Select(entry => (entry.Plugin.Name, entry.Weight));

    internal IEnumerable<string> FilterPlugins => _filter.Select(plugin => plugin.Name);

    /// <summary>The events each plugin registered, by plugin name, for requeueing pods it rejected.</summary>
    public Dictionary<string, IReadOnlyList<ClusterEvent>> EventsByPlugin { get; } = new(StringComparer.Ordinal);

    /// <exception cref="ArgumentException">The profile names an unknown plugin, or lacks a queue sort or bind plugin.</exception>
    public static SchedulingFramework Create(SchedulerProfile profile, PluginRegistry registry, int parallelism, IKubernetes client, TimeProvider time, IClusterView view)
    {
        var framework = new SchedulingFramework(profile, parallelism, client, time, view);
        var instances = new Dictionary<string, IPlugin>(StringComparer.Ordinal);
        var multiPoint = MergeMultiPoint(profile.For(ExtensionPoints.MultiPoint));

        IPlugin Instance(string name)
        {
            if (!instances.TryGetValue(name, out var plugin))
            {
                var factory = registry.Get(name) ?? throw new ArgumentException($"profile \"{profile.SchedulerName}\": no plugin named \"{name}\"");
                plugin = factory(profile.PluginConfig.TryGetValue(name, out var args) ? args : null, framework);
                instances[name] = plugin;
                if (plugin is IEnqueueExtensions enqueue)
                {
                    framework.EventsByPlugin[name] = enqueue.EventsToRegister();
                }
            }

            return plugin;
        }

        // An extension point runs its explicitly enabled plugins first, then the multiPoint ones
        // that implement it and are not disabled there, as upstream expands multiPoint.
        List<(IPlugin Plugin, int Weight)> Resolve<T>(string point)
        {
            var set = profile.For(point);
            var result = new List<(IPlugin, int)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in set.Enabled)
            {
                var plugin = Instance(entry.Name);
                if (plugin is not T)
                {
                    throw new ArgumentException($"profile \"{profile.SchedulerName}\": plugin \"{entry.Name}\" does not implement the {point} extension point");
                }

                if (seen.Add(entry.Name))
                {
                    result.Add((plugin, entry.Weight));
                }
            }

            foreach (var entry in multiPoint)
            {
                if (set.IsDisabled(entry.Name) || seen.Contains(entry.Name))
                {
                    continue;
                }

                var plugin = Instance(entry.Name);
                if (plugin is T)
                {
                    seen.Add(entry.Name);
                    result.Add((plugin, entry.Weight));
                }
            }

            return result;
        }

        framework._preEnqueue.AddRange(Resolve<IPreEnqueuePlugin>(ExtensionPoints.PreEnqueue).Select(p => (IPreEnqueuePlugin)p.Plugin));
        var queueSort = Resolve<IQueueSortPlugin>(ExtensionPoints.QueueSort);
        if (queueSort.Count != 1)
        {
            throw new ArgumentException($"profile \"{profile.SchedulerName}\": exactly one queueSort plugin must be enabled, not {queueSort.Count}");
        }

        framework.QueueSort = (IQueueSortPlugin)queueSort[0].Plugin;
        framework._preFilter.AddRange(Resolve<IPreFilterPlugin>(ExtensionPoints.PreFilter).Select(p => (IPreFilterPlugin)p.Plugin));
        framework._filter.AddRange(Resolve<IFilterPlugin>(ExtensionPoints.Filter).Select(p => (IFilterPlugin)p.Plugin));
        framework._postFilter.AddRange(Resolve<IPostFilterPlugin>(ExtensionPoints.PostFilter).Select(p => (IPostFilterPlugin)p.Plugin));
        framework._preScore.AddRange(Resolve<IPreScorePlugin>(ExtensionPoints.PreScore).Select(p => (IPreScorePlugin)p.Plugin));
        framework._score.AddRange(Resolve<IScorePlugin>(ExtensionPoints.Score).Select(p => ((IScorePlugin)p.Plugin, p.Weight > 0 ? p.Weight : 1)));
        framework._reserve.AddRange(Resolve<IReservePlugin>(ExtensionPoints.Reserve).Select(p => (IReservePlugin)p.Plugin));
        framework._permit.AddRange(Resolve<IPermitPlugin>(ExtensionPoints.Permit).Select(p => (IPermitPlugin)p.Plugin));
        framework._preBind.AddRange(Resolve<IPreBindPlugin>(ExtensionPoints.PreBind).Select(p => (IPreBindPlugin)p.Plugin));
        framework._bind.AddRange(Resolve<IBindPlugin>(ExtensionPoints.Bind).Select(p => (IBindPlugin)p.Plugin));
        framework._postBind.AddRange(Resolve<IPostBindPlugin>(ExtensionPoints.PostBind).Select(p => (IPostBindPlugin)p.Plugin));
        if (framework._bind.Count == 0)
        {
            throw new ArgumentException($"profile \"{profile.SchedulerName}\": at least one bind plugin must be enabled");
        }

        var unused = profile.PluginConfig.Keys.Where(name => !instances.ContainsKey(name)).ToList();
        if (unused.Count > 0 && unused.FirstOrDefault(name => registry.Get(name) is null) is { } unknown)
        {
            throw new ArgumentException($"profile \"{profile.SchedulerName}\": pluginConfig for unknown plugin \"{unknown}\"");
        }

        return framework;
    }

    /// <summary>The default multiPoint list, less what the profile disables, plus what it enables (its weight wins).</summary>
    private static List<PluginRef> MergeMultiPoint(PluginSet custom)
    {
        var merged = DefaultPlugins.MultiPoint.Where(plugin => !custom.IsDisabled(plugin.Name)).ToList();
        foreach (var plugin in custom.Enabled)
        {
            var index = merged.FindIndex(existing => existing.Name == plugin.Name);
            if (index >= 0)
            {
                merged[index] = plugin.Weight > 0 ? plugin : merged[index];
            }
            else
            {
                merged.Add(plugin);
            }
        }

        return merged;
    }

    public IReadOnlyDictionary<string, string>? NamespaceLabels(string name) => _view.NamespaceLabels(name);

    public LabelSelector DefaultSelector(PodInfo pod) => _view.DefaultSelector(pod);

    public IReadOnlyList<PodInfo> NominatedPodsForNode(string nodeName) => _view.NominatedPodsForNode(nodeName);

    public WaitingPod? GetWaitingPod(string uid) => _waitingPods.GetValueOrDefault(uid);

    public Status RunPreEnqueuePlugins(PodInfo pod)
    {
        foreach (var plugin in _preEnqueue)
        {
            var status = plugin.PreEnqueue(pod);
            if (!status.IsSuccess)
            {
                return status.WithPlugin(plugin.Name);
            }
        }

        return Status.Success;
    }

    /// <summary>
    /// Runs PreFilter; a rejection stops at once. The result narrows the nodes to filter (null = all).
    /// The plugins that rejected are reported so only their events requeue the pod.
    /// </summary>
    public (PreFilterResult? Result, Status Status) RunPreFilterPlugins(CycleState state, PodInfo pod)
    {
        PreFilterResult? result = null;
        var nodes = Snapshot.NodeInfos;
        foreach (var plugin in _preFilter)
        {
            var (own, status) = plugin.PreFilter(state, pod, nodes);
            if (status.Code == Code.Skip)
            {
                state.SkipFilterPlugins.Add(plugin.Name);
                continue;
            }

            if (!status.IsSuccess)
            {
                return (null, status.WithPlugin(plugin.Name));
            }

            result = PreFilterResult.Merge(result, own);
            if (result?.NodeNames is { Count: 0 })
            {
                return (result, Status.Unresolvable($"node(s) didn't satisfy plugin {plugin.Name}").WithPlugin(plugin.Name));
            }
        }

        return (result, Status.Success);
    }

    public Status RunPreFilterExtensionAddPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo)
    {
        foreach (var plugin in _preFilter)
        {
            if (state.SkipFilterPlugins.Contains(plugin.Name) || plugin.Extensions is not { } extensions)
            {
                continue;
            }

            var status = extensions.AddPod(state, podToSchedule, podToAdd, nodeInfo);
            if (!status.IsSuccess)
            {
                return status.WithPlugin(plugin.Name);
            }
        }

        return Status.Success;
    }

    public Status RunPreFilterExtensionRemovePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo)
    {
        foreach (var plugin in _preFilter)
        {
            if (state.SkipFilterPlugins.Contains(plugin.Name) || plugin.Extensions is not { } extensions)
            {
                continue;
            }

            var status = extensions.RemovePod(state, podToSchedule, podToRemove, nodeInfo);
            if (!status.IsSuccess)
            {
                return status.WithPlugin(plugin.Name);
            }
        }

        return Status.Success;
    }

    /// <summary>The first Filter plugin to reject the node decides its status.</summary>
    public Status RunFilterPlugins(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        foreach (var plugin in _filter)
        {
            if (state.SkipFilterPlugins.Contains(plugin.Name))
            {
                continue;
            }

            var status = plugin.Filter(state, pod, nodeInfo);
            if (!status.IsSuccess)
            {
                return status.WithPlugin(plugin.Name);
            }
        }

        return Status.Success;
    }

    /// <summary>
    /// Filters twice when pods of equal or higher priority are nominated to the node: once as if they
    /// ran there (so the pod does not take their place), once without them (so anti-affinity to them
    /// does not wrongly reject the node), as upstream.
    /// </summary>
    public Status RunFilterPluginsWithNominatedPods(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var nominated = NominatedPodsForNode(nodeInfo.Name);
        if (nominated.Count > 0)
        {
            var withNominated = state;
            var nodeWithNominated = nodeInfo;
            var added = false;
            foreach (var other in nominated)
            {
                if (other.Priority < pod.Priority || other.Uid == pod.Uid)
                {
                    continue;
                }

                if (!added)
                {
                    withNominated = state.Clone();
                    nodeWithNominated = nodeInfo.Clone();
                    added = true;
                }

                nodeWithNominated.AddPod(other);
                var extension = RunPreFilterExtensionAddPod(withNominated, pod, other, nodeWithNominated);
                if (!extension.IsSuccess)
                {
                    return extension;
                }
            }

            if (added)
            {
                var status = RunFilterPlugins(withNominated, pod, nodeWithNominated);
                if (!status.IsSuccess)
                {
                    return status;
                }
            }
        }

        return RunFilterPlugins(state, pod, nodeInfo);
    }

    /// <summary>Runs PostFilter plugins until one succeeds or one rejects as unresolvable.</summary>
    public async Task<(PostFilterResult? Result, Status Status)> RunPostFilterPluginsAsync(CycleState state, PodInfo pod, NodeToStatus statuses, CancellationToken cancellationToken)
    {
        var reasons = new List<string>();
        foreach (var plugin in _postFilter)
        {
            var (result, status) = await plugin.PostFilterAsync(state, pod, statuses, cancellationToken);
            if (status.IsSuccess)
            {
                return (result, status);
            }

            if (status.Code is Code.UnschedulableAndUnresolvable or Code.Error)
            {
                return (result, status.WithPlugin(plugin.Name));
            }

            reasons.AddRange(status.Reasons);
        }

        return (null, new Status(Code.Unschedulable, reasons));
    }

    public Status RunPreScorePlugins(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        foreach (var plugin in _preScore)
        {
            var status = plugin.PreScore(state, pod, nodes);
            if (status.Code == Code.Skip)
            {
                state.SkipScorePlugins.Add(plugin.Name);
                continue;
            }

            if (!status.IsSuccess)
            {
                return status.WithPlugin(plugin.Name);
            }
        }

        return Status.Success;
    }

    /// <summary>
    /// Scores every node with every plugin (nodes in parallel, each worker taking a block of nodes
    /// through all plugins), then normalizes each plugin's scores, weights and sums them.
    /// </summary>
    public (long[] Totals, Status Status) RunScorePlugins(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        var totals = new long[nodes.Count];
        var active = _score.Where(entry => !state.SkipScorePlugins.Contains(entry.Plugin.Name)).ToList();
        var scores = active.Select(_ => new NodeScore[nodes.Count]).ToArray();
        Status? failure = null;
        ParallelBlocks.For(nodes.Count, Parallelism, i =>
        {
            for (var p = 0; p < active.Count; p++)
            {
                var plugin = active[p].Plugin;
                var (score, status) = plugin.Score(state, pod, nodes[i]);
                if (!status.IsSuccess)
                {
                    failure = status.WithPlugin(plugin.Name);
                }

                scores[p][i] = new NodeScore(nodes[i].Name, score);
            }
        });
        if (failure is not null)
        {
            return (totals, failure);
        }

        for (var p = 0; p < active.Count; p++)
        {
            var (plugin, weight) = active[p];
            var pluginScores = scores[p];
            if (plugin.ScoreExtensions is { } extensions)
            {
                var status = extensions.NormalizeScore(state, pod, pluginScores);
                if (!status.IsSuccess)
                {
                    return (totals, status.WithPlugin(plugin.Name));
                }
            }

            for (var i = 0; i < pluginScores.Length; i++)
            {
                if (pluginScores[i].Score is < Scores.MinNodeScore or > Scores.MaxNodeScore)
                {
                    return (totals, Status.Error($"plugin {plugin.Name} returned an invalid score {pluginScores[i].Score} for node {pluginScores[i].Name}, it should be in [0, 100]"));
                }

                totals[i] += pluginScores[i].Score * weight;
            }
        }

        return (totals, Status.Success);
    }

    public Status RunReservePluginsReserve(CycleState state, PodInfo pod, string nodeName)
    {
        foreach (var plugin in _reserve)
        {
            var status = plugin.Reserve(state, pod, nodeName);
            if (!status.IsSuccess)
            {
                return status.WithPlugin(plugin.Name);
            }
        }

        return Status.Success;
    }

    /// <summary>Unreserve runs in reverse order, on every plugin, whatever failed.</summary>
    public void RunReservePluginsUnreserve(CycleState state, PodInfo pod, string nodeName)
    {
        for (var i = _reserve.Count - 1; i >= 0; i--)
        {
            _reserve[i].Unreserve(state, pod, nodeName);
        }
    }

    /// <summary>Runs Permit; if any plugin says Wait the pod is parked until <see cref="WaitOnPermitAsync"/> resolves it.</summary>
    public Status RunPermitPlugins(CycleState state, PodInfo pod, string nodeName)
    {
        var waiting = new List<(string Plugin, TimeSpan Timeout)>();
        foreach (var plugin in _permit)
        {
            var (status, timeout) = plugin.Permit(state, pod, nodeName);
            if (status.Code == Code.Wait)
            {
                waiting.Add((plugin.Name, timeout));
            }
            else if (!status.IsSuccess)
            {
                return status.WithPlugin(plugin.Name);
            }
        }

        if (waiting.Count == 0)
        {
            return Status.Success;
        }

        var parked = new WaitingPod(pod, waiting.Select(w => w.Plugin));
        _waitingPods[pod.Uid ?? pod.Key] = parked;
        var shortest = waiting.MinBy(w => w.Timeout);
        _ = RejectOnTimeoutAsync(parked, shortest.Plugin, shortest.Timeout);
        return new Status(Code.Wait, []);
    }

    public async Task<Status> WaitOnPermitAsync(PodInfo pod)
    {
        if (!_waitingPods.TryGetValue(pod.Uid ?? pod.Key, out var parked))
        {
            return Status.Success;
        }

        var outcome = await parked.Outcome;
        _waitingPods.TryRemove(pod.Uid ?? pod.Key, out _);
        return outcome;
    }

    public async Task<Status> RunPreBindPluginsAsync(CycleState state, PodInfo pod, string nodeName, CancellationToken cancellationToken)
    {
        foreach (var plugin in _preBind)
        {
            var status = await plugin.PreBindAsync(state, pod, nodeName, cancellationToken);
            if (!status.IsSuccess)
            {
                return status.WithPlugin(plugin.Name);
            }
        }

        return Status.Success;
    }

    /// <summary>The first bind plugin that does not Skip binds the pod.</summary>
    public async Task<Status> RunBindPluginsAsync(CycleState state, PodInfo pod, string nodeName, CancellationToken cancellationToken)
    {
        foreach (var plugin in _bind)
        {
            var status = await plugin.BindAsync(state, pod, nodeName, cancellationToken);
            if (status.Code != Code.Skip)
            {
                return status.WithPlugin(plugin.Name);
            }
        }

        return Status.Error("no bind plugin bound the pod");
    }

    public void RunPostBindPlugins(CycleState state, PodInfo pod, string nodeName)
    {
        foreach (var plugin in _postBind)
        {
            plugin.PostBind(state, pod, nodeName);
        }
    }

    private async Task RejectOnTimeoutAsync(WaitingPod parked, string plugin, TimeSpan timeout)
    {
        var finished = await Task.WhenAny(parked.Outcome, Task.Delay(timeout, Time));
        if (finished != parked.Outcome)
        {
            parked.Reject(plugin, $"rejected due to timeout after waiting {timeout.TotalSeconds}s at plugin {plugin}");
        }
    }
}
