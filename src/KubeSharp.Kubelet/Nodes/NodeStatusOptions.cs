using k8s.Models;

namespace KubeSharp.Kubelet.Nodes;

/// <summary>How kubelet registers its Node and reports its status and lease.</summary>
internal sealed class NodeStatusOptions
{
    public required string NodeName { get; init; }

    /// <summary>Labels added to the defaults (<c>--node-labels</c>); they win over a default of the same key.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>--register-with-taints</c>: put on the Node when kubelet creates it, not on an existing one.</summary>
    public IReadOnlyList<V1Taint> Taints { get; init; } = [];

    /// <summary><c>--node-ip</c>; when empty the address is found from the default route.</summary>
    public string? NodeIp { get; init; }

    public int KubeletPort { get; init; } = 10250;

    /// <summary><c>--kube-reserved</c>, e.g. <c>cpu=100m,memory=100Mi</c>.</summary>
    public string? KubeReserved { get; init; }

    /// <summary><c>--system-reserved</c>, same form.</summary>
    public string? SystemReserved { get; init; }

    /// <summary>The kubelet root dir; its filesystem is the node's ephemeral storage.</summary>
    public required string RootDir { get; init; }

    /// <summary>The Lease's leaseDurationSeconds (upstream 40 s); it is renewed every quarter of it.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>How often the status is posted when nothing triggers it sooner (upstream nodeStatusUpdateFrequency).</summary>
    public TimeSpan UpdateFrequency { get; init; } = TimeSpan.FromSeconds(10);
}
