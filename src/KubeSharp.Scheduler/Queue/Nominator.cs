using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Queue;

/// <summary>
/// Pods nominated to a node by preemption (status.nominatedNodeName) but not bound yet: Filter
/// counts them on that node so other pods do not take the room freed for them.
/// </summary>
internal sealed class Nominator
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<PodInfo>> _byNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _nodeByPod = new(StringComparer.Ordinal);

    /// <summary>Records the pod's nomination (from its status, or the given node), replacing any earlier one.</summary>
    public void Add(PodInfo pod, string? nodeName = null)
    {
        nodeName ??= pod.Pod.Status?.NominatedNodeName;
        lock (_lock)
        {
            RemoveLocked(pod.Key);
            if (string.IsNullOrEmpty(nodeName) || !string.IsNullOrEmpty(pod.Pod.Spec?.NodeName))
            {
                return;
            }

            _nodeByPod[pod.Key] = nodeName;
            if (!_byNode.TryGetValue(nodeName, out var list))
            {
                _byNode[nodeName] = list = [];
            }

            list.Add(pod);
        }
    }

    public void Remove(string podKey)
    {
        lock (_lock)
        {
            RemoveLocked(podKey);
        }
    }

    public IReadOnlyList<PodInfo> ForNode(string nodeName)
    {
        lock (_lock)
        {
            return _byNode.TryGetValue(nodeName, out var list) ? [.. list] : [];
        }
    }

    private void RemoveLocked(string podKey)
    {
        if (_nodeByPod.Remove(podKey, out var node) && _byNode.TryGetValue(node, out var list))
        {
            list.RemoveAll(pod => pod.Key == podKey);
            if (list.Count == 0)
            {
                _byNode.Remove(node);
            }
        }
    }
}
