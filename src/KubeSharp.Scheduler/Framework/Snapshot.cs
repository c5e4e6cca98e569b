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

    public List<NodeInfo> NodeInfos { get; } = [];

    public List<NodeInfo> HavePodsWithAffinity { get; } = [];

    public List<NodeInfo> HavePodsWithRequiredAntiAffinity { get; } = [];

    /// <summary>The cache generation this snapshot reflects.</summary>
    public long Generation { get; set; }

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

    /// <summary>Replaces the contents (the cache calls this with its refreshed list).</summary>
    public void Replace(IEnumerable<NodeInfo> nodeInfos)
    {
        NodeInfos.Clear();
        HavePodsWithAffinity.Clear();
        HavePodsWithRequiredAntiAffinity.Clear();
        _byName.Clear();
        foreach (var info in nodeInfos)
        {
            NodeInfos.Add(info);
            _byName[info.Name] = info;
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
