using KubeSharp.Api.Selectors;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Runtime;

/// <summary>What the framework reads of the cluster besides the snapshot: informer-backed in the scheduler, fixed in tests.</summary>
public interface IClusterView
{
    IReadOnlyDictionary<string, string>? NamespaceLabels(string name);

    LabelSelector DefaultSelector(PodInfo pod);

    IReadOnlyList<PodInfo> NominatedPodsForNode(string nodeName);
}
