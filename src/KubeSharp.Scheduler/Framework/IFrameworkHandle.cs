using k8s;
using KubeSharp.Api.Selectors;

namespace KubeSharp.Scheduler.Framework;

/// <summary>What the framework gives plugins: the cycle's snapshot, the API client and helpers for preemption.</summary>
public interface IFrameworkHandle
{
    /// <summary>The snapshot of the cycle in progress.</summary>
    Snapshot Snapshot { get; }

    IKubernetes Client { get; }

    TimeProvider Time { get; }

    /// <summary>How many nodes are filtered at once.</summary>
    int Parallelism { get; }

    /// <summary>The labels of a namespace (for namespaceSelector in affinity terms), null if unknown.</summary>
    IReadOnlyDictionary<string, string>? NamespaceLabels(string name);

    /// <summary>
    /// helper.DefaultSelector: the selectors of the Services, ReplicaSets and
    /// StatefulSets that select the pod, ANDed; empty (Everything) when none does. PodTopologySpread's
    /// default constraints and SelectorSpread use it.
    /// </summary>
    LabelSelector DefaultSelector(PodInfo pod);

    /// <summary>Pods nominated to run on a node (by preemption) that are not bound yet.</summary>
    IReadOnlyList<PodInfo> NominatedPodsForNode(string nodeName);

    /// <summary>A pod held at Permit, by UID, for plugins that allow or reject it.</summary>
    WaitingPod? GetWaitingPod(string uid);

    /// <summary>Runs the profile's Filter plugins, counting nominated pods of at least the pod's priority as if on the node.</summary>
    Status RunFilterPluginsWithNominatedPods(CycleState state, PodInfo pod, NodeInfo nodeInfo);

    /// <summary>Runs the PreFilter extensions so precomputed state reflects a pod added to or removed from a node.</summary>
    Status RunPreFilterExtensionAddPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo);

    Status RunPreFilterExtensionRemovePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo);
}
