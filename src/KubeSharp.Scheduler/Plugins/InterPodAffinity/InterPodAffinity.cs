using System.Text.Json;
using KubeSharp.Api.Selectors;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.InterPodAffinity;

/// <summary>
/// Inter-pod affinity and anti-affinity: required terms filter nodes (the incoming pod's terms and,
/// symmetrically, existing pods' anti-affinity terms); preferred terms of both sides score them.
/// Filtering is in InterPodAffinity.Filtering.cs, scoring in InterPodAffinity.Scoring.cs.
/// </summary>
public sealed partial class InterPodAffinity : IPreFilterPlugin, IPreFilterExtensions, IFilterPlugin, IPreScorePlugin, IScorePlugin, IScoreExtensions, IEnqueueExtensions
{
    public const string PluginName = "InterPodAffinity";

    // The scheduler queue reports changes of pods bound to nodes as Pod events.
    private static readonly ClusterEvent[] Events =
    [
        // A new or relabelled pod may satisfy affinity; a deleted or relabelled one may lift anti-affinity.
        new(EventResource.Pod, ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete),

        // A node may gain the topology label a term needs (taints: see upstream #110175, nodes added not ready).
        new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint),
    ];

    private readonly InterPodAffinityArgs _args;
    private readonly IFrameworkHandle _handle;

    private InterPodAffinity(InterPodAffinityArgs args, IFrameworkHandle handle)
    {
        _args = args;
        _handle = handle;
    }

    public string Name => PluginName;

    public IPreFilterExtensions? Extensions => this;

    public IScoreExtensions? ScoreExtensions => this;

    /// <exception cref="ArgumentException">The args are invalid.</exception>
    public static IPlugin New(JsonElement? args, IFrameworkHandle handle) => new InterPodAffinity(InterPodAffinityArgs.Parse(args), handle);

    public IReadOnlyList<ClusterEvent> EventsToRegister() => Events;

    private ParallelOptions LoopOptions => new() { MaxDegreeOfParallelism = Math.Max(1, _handle.Parallelism) };

    /// <summary>
    /// Whether one of the incoming pod's terms selects another pod. Upstream folds a namespaceSelector
    /// into the term's namespace list at PreFilter; looking up the other pod's namespace labels here
    /// gives the same answer.
    /// </summary>
    private bool IncomingTermMatches(AffinityTerm term, PodInfo other) =>
        term.Matches(other, ReferenceEquals(term.NamespaceSelector, LabelSelector.Nothing) ? null : _handle.NamespaceLabels(other.Namespace));

    /// <summary>True when there are terms and the pod matches every one of them (required affinity is an AND).</summary>
    private bool MatchesAllIncomingTerms(IReadOnlyList<AffinityTerm> terms, PodInfo other)
    {
        if (terms.Count == 0)
        {
            return false;
        }

        for (var termIndex = 0; termIndex < terms.Count; termIndex++)
        {
            var term = terms[termIndex];
            if (!IncomingTermMatches(term, other))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A copy of the namespace's labels, so a cycle sees them as they were when it started.</summary>
    private Dictionary<string, string> NamespaceLabelsOf(string ns) =>
        _handle.NamespaceLabels(ns) is { } labels
            ? new Dictionary<string, string>(labels, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
}
