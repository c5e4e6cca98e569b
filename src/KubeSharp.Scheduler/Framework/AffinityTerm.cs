using k8s.Models;
using KubeSharp.Api.Selectors;

namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// A parsed pod (anti-)affinity term: which pods it selects (label selector, in the listed namespaces
/// or those matching the namespace selector; neither means the pod's own namespace) and the
/// topology key that defines "together".
/// </summary>
public sealed class AffinityTerm
{
    public required IReadOnlySet<string> Namespaces { get; init; }

    public required LabelSelector Selector { get; init; }

    /// <summary>Nothing when the term has no namespaceSelector.</summary>
    public required LabelSelector NamespaceSelector { get; init; }

    public required string TopologyKey { get; init; }

    /// <summary>Whether the term selects the pod, given the labels of the pod's namespace.</summary>
    public bool Matches(PodInfo pod, IReadOnlyDictionary<string, string>? namespaceLabels) =>
        (Namespaces.Contains(pod.Namespace) || NamespaceSelector.Matches(namespaceLabels)) && Selector.Matches(pod.Labels);

    public static AffinityTerm FromModel(V1PodAffinityTerm term, string podNamespace)
    {
        var namespaces = new HashSet<string>(term.Namespaces ?? [], StringComparer.Ordinal);
        if (namespaces.Count == 0 && term.NamespaceSelector is null)
        {
            namespaces.Add(podNamespace);
        }

        return new AffinityTerm
        {
            Namespaces = namespaces,
            Selector = LabelSelector.FromModel(term.LabelSelector),
            NamespaceSelector = LabelSelector.FromModel(term.NamespaceSelector),
            TopologyKey = term.TopologyKey ?? string.Empty,
        };
    }

    public static IReadOnlyList<AffinityTerm> FromModels(IList<V1PodAffinityTerm>? terms, string podNamespace) =>
        terms is null or { Count: 0 } ? [] : [.. terms.Select(term => FromModel(term, podNamespace))];
}

/// <summary>A preferred term with its weight (1-100).</summary>
public sealed record WeightedAffinityTerm(AffinityTerm Term, int Weight)
{
    public static IReadOnlyList<WeightedAffinityTerm> FromModels(IList<V1WeightedPodAffinityTerm>? terms, string podNamespace) =>
        terms is null or { Count: 0 } ? [] : [.. terms.Select(term => new WeightedAffinityTerm(AffinityTerm.FromModel(term.PodAffinityTerm, podNamespace), term.Weight))];
}
