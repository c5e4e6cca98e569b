using k8s.Models;
using KubeSharp.CommandLine;
using KubeSharp.Kubelet;

namespace KubeSharp.Commands;

/// <summary>The node flags <c>kubesharp server</c> and <c>kubesharp agent</c> share, read into the kubelet's options.</summary>
internal static class AgentFlags
{
    public const string Usage = """
          --node-name NAME                this node's name (default: the host name)
          --node-ip IP                    this node's InternalIP (default: the default-route interface's address)
          --node-label K=V,...            labels the node registers with
          --node-taint K=V:EFFECT,...     taints the node registers with
          --container-runtime-endpoint S  an existing containerd socket (default: start a private one)
          --cluster-dns IP                the cluster DNS address pods use (default 10.43.0.10)
          --cluster-domain DOMAIN         the cluster's DNS domain (default cluster.local)
          --kube-reserved cpu=Q,memory=Q  resources kept back from pods for the agent
          --system-reserved cpu=Q,...     resources kept back from pods for the system
          --kubelet-port PORT             the kubelet's HTTPS port, which the API server calls (default 10250)
          --private-registry FILE         registry mirrors, TLS and credentials, k3s' registries.yaml format
                                          (default /etc/kubesharp/registries.yaml; a missing file is fine)
        """;

    public static readonly string[] ValueFlags =
    [
        "node-name", "node-ip", "node-label", "node-taint", "container-runtime-endpoint", "cluster-dns", "cluster-domain",
        "kube-reserved", "system-reserved", "private-registry", "kubelet-port",
    ];

    public static KubeletOptions Read(Flags flags, string dataDirectory)
    {
        var options = new KubeletOptions
        {
            NodeName = flags.Get("node-name") ?? NodeNameOf(System.Environment.MachineName),
            RootDir = Path.Combine(dataDirectory, "agent"),
            NodeIp = flags.Get("node-ip"),
            NodeLabels = Labels(flags.Get("node-label")),
            NodeTaints = Taints(flags.Get("node-taint")),
            ContainerRuntimeEndpoint = flags.Get("container-runtime-endpoint"),
            ClusterDns = [flags.Get("cluster-dns", "10.43.0.10")],
            ClusterDomain = flags.Get("cluster-domain", "cluster.local"),
            ClusterCidr = flags.Get("cluster-cidr", "10.42.0.0/16"),
            ServiceCidr = flags.Get("service-cidr", "10.43.0.0/16"),
            KubeReserved = flags.Get("kube-reserved"),
            SystemReserved = flags.Get("system-reserved"),
            PrivateRegistry = flags.Get("private-registry", "/etc/kubesharp/registries.yaml"),
            KubeletPort = int.TryParse(flags.Get("kubelet-port", "10250"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
                ? port
                : throw new UsageException($"--kubelet-port: \"{flags.Get("kubelet-port")}\" is not a port"),
        };
        if (options.Validate() is [var problem, ..])
        {
            throw new UsageException(problem);
        }

        return options;
    }

    /// <summary>A host name made a valid node name (a DNS-1123 subdomain): lower case, other characters as '-'.</summary>
    internal static string NodeNameOf(string hostName)
    {
        var name = new string([.. hostName.ToLowerInvariant().Select(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-' ? c : '-')]).Trim('-', '.');
        return name.Length == 0 ? "node" : name.Length > 253 ? name[..253].TrimEnd('-', '.') : name;
    }

    private static Dictionary<string, string> Labels(string? text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--node-label: \"{item}\" is not KEY=VALUE");
            }

            labels[item[..equals]] = item[(equals + 1)..];
        }

        return labels;
    }

    private static List<V1Taint> Taints(string? text)
    {
        var taints = new List<V1Taint>();
        foreach (var item in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = item.LastIndexOf(':');
            var effect = colon > 0 ? item[(colon + 1)..] : string.Empty;
            if (effect is not ("NoSchedule" or "PreferNoSchedule" or "NoExecute"))
            {
                throw new UsageException($"--node-taint: \"{item}\" is not KEY[=VALUE]:NoSchedule|PreferNoSchedule|NoExecute");
            }

            var pair = item[..colon];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            taints.Add(equals > 0
                ? new V1Taint { Key = pair[..equals], Value = pair[(equals + 1)..], Effect = effect }
                : new V1Taint { Key = pair, Effect = effect });
        }

        return taints;
    }
}
