using k8s.Models;

namespace KubeSharp.Scheduler.Plugins.NodeAffinity;

/// <summary>
/// NodeAffinity's args: <c>{"addedAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {...},
/// "preferredDuringSchedulingIgnoredDuringExecution": [...]}}</c>, node affinity applied to every pod
/// of the profile on top of the pod's own.
/// </summary>
public sealed record NodeAffinityArgs
{
    public V1NodeAffinity? AddedAffinity { get; init; }
}
