using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.InterPodAffinity;

/// <summary>
/// What PreFilter counted for the incoming pod, read by Filter. Preemption clones it and adds or
/// removes pods on the copy, so the counts are copied deeply.
/// </summary>
internal sealed class PreFilterState(
    PodInfo pod,
    IReadOnlyDictionary<string, string> namespaceLabels,
    TopologyCounts existingAntiAffinityCounts,
    TopologyCounts affinityCounts,
    TopologyCounts antiAffinityCounts) : ICloneableState
{
    public PodInfo Pod { get; } = pod;

    /// <summary>The labels of the incoming pod's namespace, as they were at PreFilter.</summary>
    public IReadOnlyDictionary<string, string> NamespaceLabels { get; } = namespaceLabels;

    /// <summary>Domains where existing pods' required anti-affinity terms match the incoming pod.</summary>
    public TopologyCounts ExistingAntiAffinityCounts { get; } = existingAntiAffinityCounts;

    /// <summary>Domains holding pods that match all of the incoming pod's required affinity terms.</summary>
    public TopologyCounts AffinityCounts { get; } = affinityCounts;

    /// <summary>Domains holding pods that match one of the incoming pod's required anti-affinity terms.</summary>
    public TopologyCounts AntiAffinityCounts { get; } = antiAffinityCounts;

    public ICloneableState Clone() =>
        new PreFilterState(Pod, NamespaceLabels, ExistingAntiAffinityCounts.Clone(), AffinityCounts.Clone(), AntiAffinityCounts.Clone());
}
