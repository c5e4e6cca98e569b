using k8s.Models;

namespace KubeSharp.Kubelet;

/// <summary>How one node's kubelet runs: its name, directories, runtime and the cluster's addresses.</summary>
internal sealed class KubeletOptions
{
    public required string NodeName { get; init; }

    /// <summary>The agent's directory (<c>&lt;data-dir&gt;/agent</c>): pods, logs, containerd, CNI config.</summary>
    public required string RootDir { get; init; }

    /// <summary>An existing containerd's socket; null: start and supervise a private one.</summary>
    public string? ContainerRuntimeEndpoint { get; init; }

    public IReadOnlyList<string> ClusterDns { get; init; } = ["10.43.0.10"];

    public string ClusterDomain { get; init; } = "cluster.local";

    public string ClusterCidr { get; init; } = "10.42.0.0/16";

    public string ServiceCidr { get; init; } = "10.43.0.0/16";

    /// <summary>The node's InternalIP; null: the address of the default-route interface.</summary>
    public string? NodeIp { get; init; }

    public IReadOnlyDictionary<string, string> NodeLabels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<V1Taint> NodeTaints { get; init; } = [];

    /// <summary>Resources kept back from pods, as <c>cpu=100m,memory=100Mi</c>.</summary>
    public string? KubeReserved { get; init; }

    public string? SystemReserved { get; init; }

    /// <summary>The k3s-style registries.yaml with mirrors, TLS settings and credentials (a missing file is no configuration).</summary>
    public string PrivateRegistry { get; init; } = "/etc/kubesharp/registries.yaml";

    /// <summary>The kubelet's HTTPS port (logs, exec, attach, port-forward, stats), which the API server calls.</summary>
    public int KubeletPort { get; init; } = 10250;

    /// <summary>The pod network's bridge on this node.</summary>
    public string BridgeName { get; init; } = "kubesharp0";

    /// <summary>How often every pod is synced even without a change (volumes refresh, back-offs end).</summary>
    public TimeSpan SyncFrequency { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the runtime's containers are listed to notice exits (upstream's PLEG relist).</summary>
    public TimeSpan RelistPeriod { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan NodeStatusUpdateFrequency { get; init; } = TimeSpan.FromSeconds(10);

    public string PodsDir => Path.Combine(RootDir, "pods");

    public string PodLogsDir => Path.Combine(RootDir, "logs", "pods");

    public string ContainerdDir => Path.Combine(RootDir, "containerd");

    public string CniConfDir => Path.Combine(RootDir, "cni", "net.d");

    public string ImagesCacheDir => Path.Combine(RootDir, "images");

    /// <summary>containerd's registry hosts directory (config_path), written from <see cref="PrivateRegistry"/>.</summary>
    public string RegistryHostsDir => Path.Combine(RootDir, "registries.d");

    /// <summary>The cgroup under which every node's cgroup lives.</summary>
    public const string CgroupRootOfAllNodes = "/kubesharp";

    /// <summary>The cgroup under which this node's pods live; per node, as several nodes can share one machine.</summary>
    public string CgroupRoot => CgroupRootOfAllNodes + "/" + NodeName;

    public string CniNetworkName => "kubesharp-" + NodeName;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(NodeName))
        {
            problems.Add("the node name is empty");
        }

        if (!KubeSharp.Api.Networking.Ipv4Cidr.TryParse(ClusterCidr, out _))
        {
            problems.Add($"invalid cluster CIDR \"{ClusterCidr}\"");
        }

        if (!KubeSharp.Api.Networking.Ipv4Cidr.TryParse(ServiceCidr, out _))
        {
            problems.Add($"invalid service CIDR \"{ServiceCidr}\"");
        }

        if (KubeletPort is < 1 or > 65535)
        {
            problems.Add($"invalid kubelet port {KubeletPort}");
        }

        return problems;
    }
}
