using System.Collections.Frozen;
using k8s.Models;

namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// What the scheduler knows of one node: the Node, the pods on it (bound or assumed), the sums of
/// their requests, the host ports in use and the images present. The cache owns the live copies;
/// a cycle sees clones in its <see cref="Snapshot"/>, which it must not change (preemption works
/// on clones of its own).
/// </summary>
public sealed class NodeInfo
{
    private readonly List<PodInfo> _pods = [];
    private readonly List<PodInfo> _podsWithAffinity = [];
    private readonly List<PodInfo> _podsWithRequiredAntiAffinity = [];

    public NodeInfo(V1Node node)
    {
        Name = node.Metadata.Name;
        SetNode(node);
    }

    /// <summary>An entry for pods on a node whose Node object is not known.</summary>
    public NodeInfo(string name) => Name = name;

    /// <summary>Null while pods are known on a node whose Node object is not (yet, or any more).</summary>
    public V1Node? Node { get; private set; }

    public string Name { get; }

    public PodInfoList Pods => new(_pods);

    public PodInfoList PodsWithAffinity => new(_podsWithAffinity);

    public PodInfoList PodsWithRequiredAntiAffinity => new(_podsWithRequiredAntiAffinity);

    public Resource Allocatable { get; private set; } = new();

    public Resource Requested { get; private set; } = new();

    public Resource NonZeroRequested { get; private set; } = new();

    public HostPortInfo UsedPorts { get; private set; } = new();

    /// <summary>Images on the node by each of their names, with how many nodes have them.</summary>
    public Dictionary<string, ImageStateSummary> ImageStates { get; private set; } = new(StringComparer.Ordinal);


    /// <summary>
    /// The node's labels, copied at <see cref="SetNode"/> into one compact read-only table: plugins
    /// look labels up on every node in every cycle, and the model's dictionary lies scattered in memory.
    /// </summary>
    public IReadOnlyDictionary<string, string> Labels { get; private set; } = EmptyLabels;

    public void SetNode(V1Node node)
    {
        Node = node;
        Labels = node.Metadata?.Labels is { Count: > 0 } labels ? labels.ToFrozenDictionary(StringComparer.Ordinal) : EmptyLabels;
        Allocatable = Resource.From(node.Status?.Allocatable);
    }

    public void RemoveNode() => Node = null;

    public void AddPod(PodInfo pod)
    {
        _pods.Add(pod);
        if (pod.HasAffinity)
        {
            _podsWithAffinity.Add(pod);
        }

        if (pod.HasRequiredAntiAffinity)
        {
            _podsWithRequiredAntiAffinity.Add(pod);
        }

        Update(pod, +1);
    }

    /// <summary>Removes the pod with this pod's UID (or namespace/name); false if it is not here.</summary>
    public bool RemovePod(PodInfo pod)
    {
        var index = _pods.FindIndex(candidate => SamePod(candidate, pod));
        if (index < 0)
        {
            return false;
        }

        var removed = _pods[index];
        _pods[index] = _pods[^1];
        _pods.RemoveAt(_pods.Count - 1);
        _podsWithAffinity.RemoveAll(candidate => SamePod(candidate, pod));
        _podsWithRequiredAntiAffinity.RemoveAll(candidate => SamePod(candidate, pod));
        Update(removed, -1);
        return true;
    }

    public NodeInfo Clone()
    {
        var clone = new NodeInfo(Name)
        {
            Node = Node,
            Labels = Labels,
            Allocatable = Allocatable,
            Requested = Requested.Clone(),
            NonZeroRequested = NonZeroRequested.Clone(),
            UsedPorts = UsedPorts.Clone(),
            ImageStates = ImageStates,
        };
        clone._pods.AddRange(_pods);
        clone._podsWithAffinity.AddRange(_podsWithAffinity);
        clone._podsWithRequiredAntiAffinity.AddRange(_podsWithRequiredAntiAffinity);
        return clone;
    }

    /// <summary>Replaces the image states (the cache recomputes them when node images change).</summary>
    public void SetImageStates(Dictionary<string, ImageStateSummary> states) => ImageStates = states;

    private static bool SamePod(PodInfo a, PodInfo b) =>
        a.Uid is { Length: > 0 } && b.Uid is { Length: > 0 } ? a.Uid == b.Uid : a.Key == b.Key;

    private void Update(PodInfo pod, int sign)
    {
        if (sign > 0)
        {
            Requested.Add(pod.Requests);
            NonZeroRequested.MilliCpu += pod.NonZeroRequests.MilliCpu;
            NonZeroRequested.Memory += pod.NonZeroRequests.Memory;
        }
        else
        {
            Requested.Subtract(pod.Requests);
            NonZeroRequested.MilliCpu -= pod.NonZeroRequests.MilliCpu;
            NonZeroRequested.Memory -= pod.NonZeroRequests.Memory;
        }

        foreach (var container in pod.Pod.Spec?.Containers ?? [])
        {
            foreach (var port in container.Ports ?? [])
            {
                if (port.HostPort is > 0)
                {
                    if (sign > 0)
                    {
                        UsedPorts.Add(port.HostIP, port.Protocol, port.HostPort.Value);
                    }
                    else
                    {
                        UsedPorts.Remove(port.HostIP, port.Protocol, port.HostPort.Value);
                    }
                }
            }
        }
    }

    private static readonly Dictionary<string, string> EmptyLabels = [];
}
