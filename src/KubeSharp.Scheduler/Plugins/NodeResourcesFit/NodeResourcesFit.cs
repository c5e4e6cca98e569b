using System.Text.Json;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.Helper;

namespace KubeSharp.Scheduler.Plugins.NodeResourcesFit;

/// <summary>
/// Filters out nodes without room for the pod's requests (pod count, cpu, memory, ephemeral storage,
/// extended resources) and scores nodes by the configured strategy, as upstream's NodeResourcesFit.
/// </summary>
public sealed class NodeResourcesFit : IPreFilterPlugin, IFilterPlugin, IPreScorePlugin, IScorePlugin, IEnqueueExtensions
{
    public const string PluginName = "NodeResourcesFit";

    public const string ErrReasonTooManyPods = "Too many pods";

    private const string PreScoreStateKey = "PreScore" + PluginName;

    // A deleted or shrunk pod frees room; a node added or given more allocatable offers some. Taint
    // and label updates because upstream registers them with every node-add registration.
    private static readonly ClusterEvent[] Events =
    [
        new(EventResource.Pod, ActionType.Delete | ActionType.UpdatePodScaleDown),
        new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeAllocatable | ActionType.UpdateNodeTaint | ActionType.UpdateNodeLabel),
    ];

    private readonly HashSet<string> _ignoredResources;
    private readonly HashSet<string> _ignoredResourceGroups;
    private readonly IReadOnlyList<ResourceSpec> _resources;
    private readonly IResourceScorer _scorer;

    private NodeResourcesFit(NodeResourcesFitArgs args)
    {
        _ignoredResources = new HashSet<string>(args.IgnoredResources ?? [], StringComparer.Ordinal);
        _ignoredResourceGroups = new HashSet<string>(args.IgnoredResourceGroups ?? [], StringComparer.Ordinal);
        var strategy = args.ScoringStrategy ?? new ScoringStrategy { Type = ScoringStrategyType.LeastAllocated };
        _resources = strategy.Resources ?? ResourceSpec.CpuAndMemory;
        _scorer = CreateScorer(strategy, _resources);
    }

    public string Name => PluginName;

    /// <exception cref="ArgumentException">The args are malformed or invalid.</exception>
    public static IPlugin New(JsonElement? args, IFrameworkHandle handle) => new NodeResourcesFit(NodeResourcesFitArgs.Parse(args));

    /// <summary>Nothing to precompute: PodInfo carries the pod's requests.</summary>
    public (PreFilterResult? Result, Status Status) PreFilter(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes) =>
        (null, Status.Success);

    /// <summary>Every resource the node lacks is a reason, so the message tells all that is missing.</summary>
    public Status Filter(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var reasons = InsufficientResources(pod.Requests, nodeInfo);
        return reasons is null ? Status.Success : new Status(Code.Unschedulable, reasons);
    }

    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        state.Write(PreScoreStateKey, new PreScoreState(ResourceAllocation.PodRequests(pod, _resources, useRequested: false)));
        return Status.Success;
    }

    /// <summary>Scores with the pod's and the node's pods' requests, empty cpu and memory requests counting as the scoring defaults.</summary>
    public (long Score, Status Status) Score(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        if (nodeInfo.Node is null)
        {
            return (0, Status.Error("node not found"));
        }

        var podRequests = state.Read<PreScoreState>(PreScoreStateKey)?.PodRequests
            ?? ResourceAllocation.PodRequests(pod, _resources, useRequested: false);
        var (requested, allocatable) = ResourceAllocation.ForNode(nodeInfo, _resources, podRequests, useRequested: false);
        return (_scorer.Score(requested, allocatable), Status.Success);
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() => Events;

    /// <summary>Null when everything fits (the common case allocates nothing: Filter runs for every node).</summary>
    private List<string>? InsufficientResources(Resource request, NodeInfo nodeInfo)
    {
        List<string>? reasons = null;
        var allocatable = nodeInfo.Allocatable;
        var requested = nodeInfo.Requested;
        if (nodeInfo.Pods.Count + 1 > allocatable.AllowedPodNumber)
        {
            (reasons ??= []).Add(ErrReasonTooManyPods);
        }

        if (request.MilliCpu == 0 && request.Memory == 0 && request.EphemeralStorage == 0 && request.ScalarResources.Count == 0)
        {
            return reasons;
        }

        if (request.MilliCpu > 0 && request.MilliCpu > allocatable.MilliCpu - requested.MilliCpu)
        {
            (reasons ??= []).Add("Insufficient cpu");
        }

        if (request.Memory > 0 && request.Memory > allocatable.Memory - requested.Memory)
        {
            (reasons ??= []).Add("Insufficient memory");
        }

        if (request.EphemeralStorage > 0 && request.EphemeralStorage > allocatable.EphemeralStorage - requested.EphemeralStorage)
        {
            (reasons ??= []).Add("Insufficient ephemeral-storage");
        }

        // Sorted so the reasons come in a stable order (upstream walks a Go map).
        if (request.ScalarResources.Count == 0)
        {
            return reasons;
        }

        foreach (var (name, quantity) in request.ScalarResources.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (quantity == 0 || IsIgnored(name))
            {
                continue;
            }

            if (quantity > allocatable.ScalarResources.GetValueOrDefault(name) - requested.ScalarResources.GetValueOrDefault(name))
            {
                (reasons ??= []).Add($"Insufficient {name}");
            }
        }

        return reasons;
    }

    /// <summary>Only extended resources can be ignored, by name or by domain (the part before the '/').</summary>
    private bool IsIgnored(string name)
    {
        if (!ResourceKinds.IsExtended(name))
        {
            return false;
        }

        return _ignoredResources.Contains(name)
            || (_ignoredResourceGroups.Count > 0 && _ignoredResourceGroups.Contains(name[..name.IndexOf('/', StringComparison.Ordinal)]));
    }

    private static IResourceScorer CreateScorer(ScoringStrategy strategy, IReadOnlyList<ResourceSpec> resources)
    {
        switch (strategy.Type)
        {
            case ScoringStrategyType.MostAllocated:
                return new MostAllocatedScorer(resources);
            case ScoringStrategyType.RequestedToCapacityRatio:
                return new RequestedToCapacityRatioScorer(resources, strategy.RequestedToCapacityRatio?.Shape ?? []);
            default:
                return new LeastAllocatedScorer(resources);
        }
    }

    private sealed class PreScoreState(long[] podRequests) : ICloneableState
    {
        public long[] PodRequests { get; } = podRequests;

        public ICloneableState Clone() => this;
    }
}
