using System.Text.Json;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.Helper;

namespace KubeSharp.Scheduler.Plugins.NodeResourcesBalancedAllocation;

/// <summary>
/// Favors nodes whose resource utilizations (with the pod added) are close to each other, as
/// upstream's NodeResourcesBalancedAllocation: score = (1 - std) * 100, std the standard deviation
/// of the requested/allocatable fractions of the configured resources.
/// </summary>
public sealed class NodeResourcesBalancedAllocation : IPreScorePlugin, IScorePlugin
{
    public const string PluginName = "NodeResourcesBalancedAllocation";

    private const string PreScoreStateKey = "PreScore" + PluginName;

    private readonly IReadOnlyList<ResourceSpec> _resources;

    private NodeResourcesBalancedAllocation(IReadOnlyList<ResourceSpec> resources) => _resources = resources;

    public string Name => PluginName;

    /// <exception cref="ArgumentException">The args are malformed or invalid.</exception>
    public static IPlugin New(JsonElement? args, IFrameworkHandle handle) =>
        new NodeResourcesBalancedAllocation(NodeResourcesBalancedAllocationArgs.Parse(args).Resources ?? ResourceSpec.CpuAndMemory);

    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        state.Write(PreScoreStateKey, new PreScoreState(ResourceAllocation.PodRequests(pod, _resources, useRequested: true)));
        return Status.Success;
    }

    /// <summary>Uses the actual requests (upstream's useRequested), not the scoring defaults for empty ones.</summary>
    public (long Score, Status Status) Score(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        if (nodeInfo.Node is null)
        {
            return (0, Status.Error("node not found"));
        }

        var podRequests = state.Read<PreScoreState>(PreScoreStateKey)?.PodRequests
            ?? ResourceAllocation.PodRequests(pod, _resources, useRequested: true);
        var (requested, allocatable) = ResourceAllocation.ForNode(nodeInfo, _resources, podRequests, useRequested: true);
        return (BalancedScore(requested, allocatable), Status.Success);
    }

    /// <summary>
    /// (1 - std) * 100 over the fractions of the resources the node has, each capped at 1. With two
    /// resources std is half their difference; with one or none it is 0.
    /// </summary>
    internal static long BalancedScore(long[] requested, long[] allocatable)
    {
        var fractions = new List<double>(requested.Length);
        double total = 0;
        for (var i = 0; i < requested.Length; i++)
        {
            if (allocatable[i] == 0)
            {
                continue;
            }

            var fraction = Math.Min(1.0, (double)requested[i] / allocatable[i]);
            total += fraction;
            fractions.Add(fraction);
        }

        var std = 0.0;
        if (fractions.Count == 2)
        {
            std = Math.Abs((fractions[0] - fractions[1]) / 2);
        }
        else if (fractions.Count > 2)
        {
            var mean = total / fractions.Count;
            var sum = 0.0;
            foreach (var fraction in fractions)
            {
                sum += (fraction - mean) * (fraction - mean);
            }

            std = Math.Sqrt(sum / fractions.Count);
        }

        return (long)((1 - std) * Scores.MaxNodeScore);
    }

    private sealed class PreScoreState(long[] podRequests) : ICloneableState
    {
        public long[] PodRequests { get; } = podRequests;

        public ICloneableState Clone() => this;
    }
}
