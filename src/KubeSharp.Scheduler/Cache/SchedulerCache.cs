using k8s.Models;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Cache;

/// <summary>
/// The scheduler's view of nodes and the pods on them, fed by informers. A pod the scheduler has
/// just placed is "assumed" on its node at once, before the binding is written or observed, so the
/// next cycle already counts it; the informer's event for the bound pod then confirms it. Each
/// cycle refreshes its snapshot with copies of just the nodes that changed.
/// </summary>
internal sealed class SchedulerCache
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, NodeInfo> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PodState> _pods = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _imageNodeCounts = new(StringComparer.Ordinal);
    private bool _nodeSetChanged;

    public int NodeCount
    {
        get
        {
            lock (_lock)
            {
                return _nodes.Values.Count(info => info.Node is not null);
            }
        }
    }

    public void AddNode(V1Node node)
    {
        lock (_lock)
        {
            var info = NodeFor(node.Metadata.Name);
            if (info.Node is not null)
            {
                CountImages(info.Node, -1);
            }
            else
            {
                _nodeSetChanged = true;
            }

            info.SetNode(node);
            CountImages(node, +1);
            Touch(info);
        }
    }

    public void UpdateNode(V1Node node) => AddNode(node);

    public void RemoveNode(V1Node node)
    {
        lock (_lock)
        {
            if (!_nodes.TryGetValue(node.Metadata.Name, out var info) || info.Node is null)
            {
                return;
            }

            CountImages(info.Node, -1);
            info.RemoveNode();
            if (info.Pods.Count == 0)
            {
                // Pods still listed keep a ghost entry until their deletions arrive.
                _nodes.Remove(node.Metadata.Name);
            }

            _nodeSetChanged = true;
            _dirty.Add(node.Metadata.Name);
        }
    }

    /// <summary>Counts the pod on its chosen node before the binding is observed; false if the pod is already placed.</summary>
    public bool AssumePod(PodInfo pod, string nodeName)
    {
        lock (_lock)
        {
            var key = KeyOf(pod.Pod);
            if (_pods.ContainsKey(key))
            {
                return false;
            }

            _pods[key] = new PodState(pod, nodeName, Assumed: true);
            var info = NodeFor(nodeName);
            info.AddPod(pod);
            Touch(info);
            return true;
        }
    }

    /// <summary>Undoes an assumption whose binding failed.</summary>
    public void ForgetPod(PodInfo pod)
    {
        lock (_lock)
        {
            var key = KeyOf(pod.Pod);
            if (_pods.TryGetValue(key, out var state) && state.Assumed)
            {
                RemoveFromNode(state);
                _pods.Remove(key);
            }
        }
    }

    /// <summary>Whether the pod is on a node in the cache, assumed or bound.</summary>
    public bool IsPlaced(V1Pod pod)
    {
        lock (_lock)
        {
            return _pods.ContainsKey(KeyOf(pod));
        }
    }

    public bool IsAssumed(V1Pod pod)
    {
        lock (_lock)
        {
            return _pods.TryGetValue(KeyOf(pod), out var state) && state.Assumed;
        }
    }

    /// <summary>A bound pod seen by the informer: confirms an assumption, or adds the pod.</summary>
    public void AddPod(V1Pod pod)
    {
        if (IsTerminal(pod))
        {
            RemovePod(pod);
            return;
        }

        lock (_lock)
        {
            var key = KeyOf(pod);
            var nodeName = pod.Spec.NodeName;
            if (_pods.TryGetValue(key, out var state))
            {
                // Confirmed (or changed): replace the entry with the observed pod, on the node it is bound to.
                RemoveFromNode(state);
            }

            var info = new PodInfo(pod);
            _pods[key] = new PodState(info, nodeName, Assumed: false);
            var node = NodeFor(nodeName);
            node.AddPod(info);
            Touch(node);
        }
    }

    public void UpdatePod(V1Pod pod) => AddPod(pod);

    public void RemovePod(V1Pod pod)
    {
        lock (_lock)
        {
            var key = KeyOf(pod);
            if (_pods.Remove(key, out var state))
            {
                RemoveFromNode(state);
            }
        }
    }

    /// <summary>Brings the snapshot up to date, copying only nodes changed since its last update.</summary>
    public void UpdateSnapshot(Snapshot snapshot)
    {
        lock (_lock)
        {
            if (_dirty.Count == 0 && !_nodeSetChanged)
            {
                return;
            }

            if (_nodeSetChanged)
            {
                foreach (var name in _dirty)
                {
                    if (_nodes.TryGetValue(name, out var info) && info.Node is not null)
                    {
                        ImageStatesFor(info);
                    }
                }

                snapshot.Replace(ZoneInterleaved(_nodes.Values.Where(info => info.Node is not null)
                    .Select(info => _dirty.Contains(info.Name) || snapshot.Get(info.Name) is null ? CloneForSnapshot(info) : snapshot.Get(info.Name)!)));
            }
            else
            {
                var rebuild = false;
                foreach (var name in _dirty)
                {
                    if (_nodes.TryGetValue(name, out var info) && info.Node is not null)
                    {
                        rebuild |= !snapshot.Swap(CloneForSnapshot(info));
                    }
                }

                if (rebuild)
                {
                    snapshot.RebuildAffinityLists();
                }
            }

            _dirty.Clear();
            _nodeSetChanged = false;
        }
    }

    private NodeInfo CloneForSnapshot(NodeInfo info)
    {
        ImageStatesFor(info);
        return info.Clone();
    }

    private void ImageStatesFor(NodeInfo info) => info.SetImageStates(ImageStates.ForNode(info.Node!, _imageNodeCounts));

    /// <summary>
    /// Upstream's nodeTree order: one node from each zone in turn, so that scoring only part of the
    /// nodes still sees every zone.
    /// </summary>
    private static List<NodeInfo> ZoneInterleaved(IEnumerable<NodeInfo> nodes)
    {
        var zones = new List<List<NodeInfo>>();
        var byZone = new Dictionary<string, List<NodeInfo>>(StringComparer.Ordinal);
        foreach (var node in nodes.OrderBy(node => node.Name, StringComparer.Ordinal))
        {
            var labels = node.Labels;
            var zone = $"{labels.GetValueOrDefault("topology.kubernetes.io/region")}:\x00:{labels.GetValueOrDefault("topology.kubernetes.io/zone")}";
            if (!byZone.TryGetValue(zone, out var list))
            {
                byZone[zone] = list = [];
                zones.Add(list);
            }

            list.Add(node);
        }

        var ordered = new List<NodeInfo>();
        var total = zones.Sum(list => list.Count);
        for (var i = 0; ordered.Count < total; i++)
        {
            foreach (var list in zones)
            {
                if (i < list.Count)
                {
                    ordered.Add(list[i]);
                }
            }
        }

        return ordered;
    }

    private void CountImages(V1Node node, int delta)
    {
        foreach (var name in ImageStates.Names(node).Distinct(StringComparer.Ordinal))
        {
            var count = _imageNodeCounts.GetValueOrDefault(name) + delta;
            if (count <= 0)
            {
                _imageNodeCounts.Remove(name);
            }
            else
            {
                _imageNodeCounts[name] = count;
            }
        }
    }

    private void RemoveFromNode(PodState state)
    {
        if (_nodes.TryGetValue(state.NodeName, out var info))
        {
            info.RemovePod(state.Pod);
            if (info.Node is null && info.Pods.Count == 0)
            {
                _nodes.Remove(state.NodeName);
            }
            else
            {
                Touch(info);
            }
        }
    }

    private NodeInfo NodeFor(string name)
    {
        if (!_nodes.TryGetValue(name, out var info))
        {
            _nodes[name] = info = new NodeInfo(name);
        }

        return info;
    }

    private void Touch(NodeInfo info)
    {
        if (info.Node is not null)
        {
            _dirty.Add(info.Name);
        }
    }

    private static string KeyOf(V1Pod pod) => pod.Metadata.Uid is { Length: > 0 } uid ? uid : $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";

    private static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    private sealed record PodState(PodInfo Pod, string NodeName, bool Assumed);
}
