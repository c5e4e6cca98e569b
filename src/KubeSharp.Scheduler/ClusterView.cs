using k8s;
using k8s.Models;
using KubeSharp.Api.Selectors;
using KubeSharp.Client.Informers;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Queue;
using KubeSharp.Scheduler.Runtime;

namespace KubeSharp.Scheduler;

/// <summary>The framework's reads of namespaces, workloads and nominations, from the scheduler's informers.</summary>
internal sealed class ClusterView(
    Indexer<V1Namespace> namespaces,
    Indexer<V1Service> services,
    Indexer<V1ReplicaSet> replicaSets,
    Indexer<V1StatefulSet> statefulSets,
    Nominator nominator) : IClusterView
{
    public IReadOnlyDictionary<string, string>? NamespaceLabels(string name) =>
        namespaces.Get(name) is { } ns ? ns.Metadata?.Labels as IReadOnlyDictionary<string, string> ?? Empty : null;

    public IReadOnlyList<PodInfo> NominatedPodsForNode(string nodeName) => nominator.ForNode(nodeName);

    /// <summary>
    /// helper.DefaultSelector: the selectors of the Services selecting the pod and of its controller
    /// (ReplicaSet or StatefulSet; this API serves no ReplicationControllers), ANDed.
    /// </summary>
    public LabelSelector DefaultSelector(PodInfo pod)
    {
        var selectors = new List<LabelSelector>();
        foreach (var service in services.ByIndex(Indexer<V1Service>.NamespaceIndex, pod.Namespace))
        {
            if (service.Spec?.Selector is { Count: > 0 } selector && LabelSelector.FromSet(selector).Matches(pod.Labels))
            {
                selectors.Add(LabelSelector.FromSet(selector));
            }
        }

        var owner = pod.Pod.Metadata.OwnerReferences?.FirstOrDefault(reference => reference.Controller == true);
        var key = owner is null ? null : $"{pod.Namespace}/{owner.Name}";
        switch (owner?.Kind)
        {
            case "ReplicaSet" when replicaSets.Get(key!)?.Spec?.Selector is { } selector:
                selectors.Add(LabelSelector.FromModel(selector));
                break;
            case "StatefulSet" when statefulSets.Get(key!)?.Spec?.Selector is { } selector:
                selectors.Add(LabelSelector.FromModel(selector));
                break;
        }

        return LabelSelector.And(selectors);
    }

    private static readonly Dictionary<string, string> Empty = [];
}
