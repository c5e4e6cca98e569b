using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Pods;

/// <summary>The CRI sandbox configuration for a pod: names, hostname, DNS, host ports, namespaces, cgroup and logs.</summary>
internal static class PodSandboxConfigBuilder
{
    public static PodSandboxConfig Build(V1Pod pod, uint attempt, DNSConfig? dns, KubeletOptions options)
    {
        var spec = pod.Spec;
        var meta = pod.Metadata;
        var config = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = meta.Name, Namespace = meta.NamespaceProperty, Uid = meta.Uid, Attempt = attempt },
            Hostname = Hostname(pod),
            LogDirectory = LogDirectory(pod, options),
            Linux = new LinuxPodSandboxConfig
            {
                CgroupParent = CgroupParent(meta.Uid, options),
                SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = NamespaceOptionsFor(spec) },
            },
        };
        if (dns is not null)
        {
            config.DnsConfig = dns;
        }

        foreach (var (key, value) in meta.Labels ?? new Dictionary<string, string>())
        {
            config.Labels[key] = value;
        }

        config.Labels[RuntimeLabels.PodUid] = meta.Uid;
        config.Labels[RuntimeLabels.PodName] = meta.Name;
        config.Labels[RuntimeLabels.PodNamespace] = meta.NamespaceProperty;
        config.Labels[RuntimeLabels.ManagedBy] = options.NodeName;
        foreach (var (key, value) in meta.Annotations ?? new Dictionary<string, string>())
        {
            config.Annotations[key] = value;
        }

        var security = spec.SecurityContext;
        if (security?.RunAsUser is long user)
        {
            config.Linux.SecurityContext.RunAsUser = new Int64Value { Value = user };
        }

        if (security?.RunAsGroup is long group)
        {
            config.Linux.SecurityContext.RunAsGroup = new Int64Value { Value = group };
        }

        foreach (var id in (security?.SupplementalGroups ?? []).OfType<long>())
        {
            config.Linux.SecurityContext.SupplementalGroups.Add(id);
        }

        foreach (var sysctl in security?.Sysctls ?? [])
        {
            config.Linux.Sysctls[sysctl.Name] = sysctl.Value;
        }

        foreach (var container in spec.Containers ?? [])
        {
            foreach (var port in container.Ports ?? [])
            {
                if (port.HostPort is > 0)
                {
                    config.PortMappings.Add(new PortMapping
                    {
                        Protocol = ProtocolOf(port.Protocol),
                        ContainerPort = port.ContainerPort,
                        HostPort = port.HostPort.Value,
                        HostIp = port.HostIP ?? string.Empty,
                    });
                }
            }
        }

        return config;
    }

    public static NamespaceOption NamespaceOptionsFor(V1PodSpec spec) => new()
    {
        Network = spec.HostNetwork == true ? NamespaceMode.Node : NamespaceMode.Pod,
        Pid = spec.HostPID == true ? NamespaceMode.Node : spec.ShareProcessNamespace == true ? NamespaceMode.Pod : NamespaceMode.Container,
        Ipc = spec.HostIPC == true ? NamespaceMode.Node : NamespaceMode.Pod,
    };

    /// <summary>Upstream's pod hostname: spec.hostname or the pod name, cut to 63 characters without a trailing '-' or '.'.</summary>
    public static string Hostname(V1Pod pod)
    {
        var name = string.IsNullOrEmpty(pod.Spec.Hostname) ? pod.Metadata.Name : pod.Spec.Hostname;
        if (name.Length > 63)
        {
            name = name[..63].TrimEnd('-', '.');
        }

        return name;
    }

    public static string LogDirectory(V1Pod pod, KubeletOptions options) =>
        Path.Combine(options.PodLogsDir, $"{pod.Metadata.NamespaceProperty}_{pod.Metadata.Name}_{pod.Metadata.Uid}");

    public static string CgroupParent(string podUid, KubeletOptions options) => $"{options.CgroupRoot}/pod{podUid}";

    public static Protocol ProtocolOf(string? protocol) => protocol switch
    {
        "UDP" => Protocol.Udp,
        "SCTP" => Protocol.Sctp,
        _ => Protocol.Tcp,
    };
}
