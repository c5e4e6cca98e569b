using k8s.Models;

namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// The cluster as one scheduling cycle sees it: node infos in a stable order, with lists of the
/// nodes that hold pods with (anti-)affinity so the affinity plugins need not look at every node.
/// Refreshed from the cache before each cycle, copying only the nodes that changed.
/// </summary>
public sealed class Snapshot
{
    private readonly Dictionary<string, NodeInfo> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public List<NodeInfo> NodeInfos { get; } = [];

    public List<NodeInfo> HavePodsWithAffinity { get; } = [];

    public List<NodeInfo> HavePodsWithRequiredAntiAffinity { get; } = [];

    public NodeInfo? Get(string nodeName) => _byName.GetValueOrDefault(nodeName);

    /// <summary>A snapshot of the given nodes with the pods bound to them (for tests and tools).</summary>
    public static Snapshot Create(IEnumerable<V1Node> nodes, IEnumerable<V1Pod> pods)
    {
        var infos = nodes.Select(node => new NodeInfo(node)).ToList();
        var byName = infos.ToDictionary(info => info.Name, StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (pod.Spec?.NodeName is { Length: > 0 } name && byName.TryGetValue(name, out var info))
            {
                info.AddPod(new PodInfo(pod));
            }
        }

        var images = ImageStates.Count(infos.Select(info => info.Node!));
        foreach (var info in infos)
        {
            info.SetImageStates(ImageStates.ForNode(info.Node!, images));
        }

        var snapshot = new Snapshot();
        snapshot.Replace(infos);
        return snapshot;
    }

    /// <summary>Replaces the contents with these node infos, in this order.</summary>
    public void Replace(IEnumerable<NodeInfo> nodeInfos)
    {
        NodeInfos.Clear();
        _byName.Clear();
        _index.Clear();
        foreach (var info in nodeInfos)
        {
            _index[info.Name] = NodeInfos.Count;
            NodeInfos.Add(info);
            _byName[info.Name] = info;
        }

        RebuildAffinityLists();
    }

    /// <summary>Swaps in a newer copy of a node already in the snapshot; false if the affinity lists need rebuilding.</summary>
    internal bool Swap(NodeInfo info)
    {
        if (!_index.TryGetValue(info.Name, out var index))
        {
            return false;
        }

        var old = NodeInfos[index];
        NodeInfos[index] = info;
        _byName[info.Name] = info;
        return (old.PodsWithAffinity.Count > 0) == (info.PodsWithAffinity.Count > 0)
            && (old.PodsWithRequiredAntiAffinity.Count > 0) == (info.PodsWithRequiredAntiAffinity.Count > 0);
    }

    internal void RebuildAffinityLists()
    {
        HavePodsWithAffinity.Clear();
        HavePodsWithRequiredAntiAffinity.Clear();
        foreach (var info in NodeInfos)
        {
            if (info.PodsWithAffinity.Count > 0)
            {
                HavePodsWithAffinity.Add(info);
            }

            if (info.PodsWithRequiredAntiAffinity.Count > 0)
            {
                HavePodsWithRequiredAntiAffinity.Add(info);
            }
        }
    }
}
