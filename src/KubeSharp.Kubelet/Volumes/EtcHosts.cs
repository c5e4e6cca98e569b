using System.Text;
using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Pods.Environment;

namespace KubeSharp.Kubelet.Volumes;

/// <summary>
/// The kubelet-managed /etc/hosts of a pod's containers (upstream's ensureHostsFile): localhost
/// entries, the pod's own address with its hostname (and FQDN when it has a subdomain), then
/// spec.hostAliases. A hostNetwork pod gets a copy of the node's /etc/hosts with its aliases.
/// </summary>
internal static class EtcHosts
{
    public const string ContainerPath = "/etc/hosts";
    public const string NodeHostsFile = "/etc/hosts";
    public const string DefaultClusterDomain = "cluster.local";

    private const string ManagedHeader = "# Kubernetes-managed hosts file.\n";
    private const string HostNetworkHeader = "# Kubernetes-managed hosts file (host network).\n";

    private const UnixFileMode HostsFileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary><c>&lt;podDir&gt;/etc-hosts</c>, where upstream keeps it.</summary>
    public static string PathIn(string podDir) => Path.Combine(podDir, "etc-hosts");

    /// <summary>
    /// Writes the file (mode 0644) when its content differs. It is rewritten in place, not
    /// replaced, so the containers' bind mounts keep seeing it.
    /// </summary>
    /// <param name="podIp">The pod's address; empty: no entry for the pod itself.</param>
    public static void Write(string path, V1Pod pod, string podIp, string clusterDomain = DefaultClusterDomain, string nodeHostsFile = NodeHostsFile)
    {
        var content = Content(pod, podIp, clusterDomain, nodeHostsFile);
        if (!File.Exists(path) || File.ReadAllText(path) != content)
        {
            File.WriteAllText(path, content);
        }

        File.SetUnixFileMode(path, HostsFileMode);
    }

    public static string Content(V1Pod pod, string podIp, string clusterDomain = DefaultClusterDomain, string nodeHostsFile = NodeHostsFile)
    {
        var hosts = new StringBuilder();
        if (pod.Spec?.HostNetwork == true)
        {
            hosts.Append(HostNetworkHeader).Append(File.ReadAllText(nodeHostsFile));
        }
        else
        {
            hosts.Append(ManagedHeader)
                .Append("127.0.0.1\tlocalhost\n")
                .Append("::1\tlocalhost ip6-localhost ip6-loopback\n")
                .Append("fe00::0\tip6-localnet\n")
                .Append("fe00::0\tip6-mcastprefix\n")
                .Append("fe00::1\tip6-allnodes\n")
                .Append("fe00::2\tip6-allrouters\n");
            if (podIp.Length > 0)
            {
                var (hostname, domain) = PodHostname.For(pod, clusterDomain);
                hosts.Append(podIp).Append('\t');
                if (domain.Length > 0)
                {
                    hosts.Append(hostname).Append('.').Append(domain).Append('\t');
                }

                hosts.Append(hostname).Append('\n');
            }
        }

        var aliases = pod.Spec?.HostAliases ?? [];
        if (aliases.Count > 0)
        {
            hosts.Append("\n# Entries added by HostAliases.\n");
            foreach (var alias in aliases)
            {
                hosts.Append(alias.Ip).Append('\t').AppendJoin('\t', alias.Hostnames ?? []).Append('\n');
            }
        }

        return hosts.ToString();
    }

    /// <summary>The /etc/hosts mount, or null when the container mounts something at /etc/hosts itself.</summary>
    public static Mount? MountFor(V1Container container, string path) =>
        (container.VolumeMounts ?? []).Any(mount => mount.MountPath == ContainerPath)
            ? null
            : new Mount { ContainerPath = ContainerPath, HostPath = path, Readonly = false, Propagation = MountPropagation.PropagationPrivate };
}
