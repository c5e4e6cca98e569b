using System.Collections.Frozen;
using k8s.Models;

namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// A pod with what the scheduler derives from it once: its resource requests, its priority and its
/// parsed inter-pod affinity terms. Shared and read-only, like the pod inside it.
/// </summary>
public sealed class PodInfo
{
    public PodInfo(V1Pod pod)
    {
        Pod = pod;
        Key = $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
        Namespace = pod.Metadata.NamespaceProperty ?? "default";
        Labels = pod.Metadata.Labels is { Count: > 0 } labels ? labels.ToFrozenDictionary(StringComparer.Ordinal) : EmptyLabels;
        (Requests, NonZeroRequests) = PodRequests.Compute(pod.Spec);
        var affinity = pod.Spec?.Affinity;
        var ns = pod.Metadata.NamespaceProperty ?? "default";
        RequiredAffinityTerms = AffinityTerm.FromModels(affinity?.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution, ns);
        RequiredAntiAffinityTerms = AffinityTerm.FromModels(affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution, ns);
        PreferredAffinityTerms = WeightedAffinityTerm.FromModels(affinity?.PodAffinity?.PreferredDuringSchedulingIgnoredDuringExecution, ns);
        PreferredAntiAffinityTerms = WeightedAffinityTerm.FromModels(affinity?.PodAntiAffinity?.PreferredDuringSchedulingIgnoredDuringExecution, ns);
    }

    public V1Pod Pod { get; }

    /// <summary>namespace/name.</summary>
    public string Key { get; }

    public string Namespace { get; }

    public string? Uid => Pod.Metadata.Uid;

    /// <summary>The effective requests (containers, init containers, sidecars and overhead).</summary>
    public Resource Requests { get; }

    /// <summary>Requests with the scoring defaults for containers that request no cpu or memory.</summary>
    public Resource NonZeroRequests { get; }

    /// <summary>spec.priority (set by admission from the priority class), 0 if absent.</summary>
    public int Priority => Pod.Spec?.Priority ?? 0;

    public IReadOnlyDictionary<string, string> Labels { get; }

    public IReadOnlyList<AffinityTerm> RequiredAffinityTerms { get; }

    public IReadOnlyList<AffinityTerm> RequiredAntiAffinityTerms { get; }

    public IReadOnlyList<WeightedAffinityTerm> PreferredAffinityTerms { get; }

    public IReadOnlyList<WeightedAffinityTerm> PreferredAntiAffinityTerms { get; }

    public bool HasAffinity => Pod.Spec?.Affinity?.PodAffinity is not null || Pod.Spec?.Affinity?.PodAntiAffinity is not null;

    public bool HasRequiredAntiAffinity => RequiredAntiAffinityTerms.Count > 0;

    private static readonly Dictionary<string, string> EmptyLabels = [];
}
