using k8s;
using KubeSharp.Api.Selectors;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Tests;

/// <summary>A framework handle over a fixed snapshot, for plugin table tests.</summary>
internal sealed class FakeFrameworkHandle(Snapshot snapshot) : IFrameworkHandle
{
    public Snapshot Snapshot { get; } = snapshot;

    public IKubernetes Client => throw new InvalidOperationException("plugin tests have no API client");

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public int Parallelism => 2;

    public Dictionary<string, Dictionary<string, string>> Namespaces { get; } = new(StringComparer.Ordinal);

    /// <summary>What DefaultSelector answers, by pod key; Everything when absent.</summary>
    public Dictionary<string, LabelSelector> DefaultSelectors { get; } = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string>? NamespaceLabels(string name) => Namespaces.GetValueOrDefault(name);

    public LabelSelector DefaultSelector(PodInfo pod) => DefaultSelectors.GetValueOrDefault(pod.Key, LabelSelector.Everything);

    public IReadOnlyList<PodInfo> NominatedPodsForNode(string nodeName) => [];

    public WaitingPod? GetWaitingPod(string uid) => null;

    public Status RunFilterPluginsWithNominatedPods(CycleState state, PodInfo pod, NodeInfo nodeInfo) =>
        throw new InvalidOperationException("not used by plugin table tests");

    public Status RunPreFilterExtensionAddPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo) => Status.Success;

    public Status RunPreFilterExtensionRemovePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo) => Status.Success;
}
