using System.Runtime.InteropServices;
using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Nodes;

/// <summary>status.nodeInfo: the machine's identity and versions, read where cAdvisor and kubelet read them.</summary>
internal static class NodeInfoReader
{
    /// <summary>The Kubernetes version KubeSharp's kubelet reports (kubeletVersion and kubeProxyVersion).</summary>
    public const string KubeletVersion = "v1.32.0";

    public const string OperatingSystem = "linux";

    /// <summary>GOARCH's name for this machine, as in the kubernetes.io/arch label.</summary>
    public static string Architecture { get; } = RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        System.Runtime.InteropServices.Architecture.X86 => "386",
        var other => other.ToString().ToLowerInvariant(),
    };

    public static V1NodeSystemInfo Read(VersionResponse runtime)
    {
        var machineId = HostFiles.TryReadLine("/etc/machine-id") ?? HostFiles.TryReadLine("/var/lib/dbus/machine-id") ?? string.Empty;
        return new V1NodeSystemInfo
        {
            MachineID = machineId,

            // product_uuid is readable by root only, and absent on VMs without DMI (Firecracker).
            SystemUUID = HostFiles.TryReadLine("/sys/class/dmi/id/product_uuid") ?? machineId,
            BootID = HostFiles.TryReadLine("/proc/sys/kernel/random/boot_id") ?? string.Empty,
            KernelVersion = HostFiles.TryReadLine("/proc/sys/kernel/osrelease") ?? string.Empty,
            OsImage = OsImage(HostFiles.TryRead("/etc/os-release")),
            ContainerRuntimeVersion = ContainerRuntimeVersion(runtime),
            KubeletVersion = KubeletVersion,
            KubeProxyVersion = KubeletVersion,
            OperatingSystem = OperatingSystem,
            Architecture = Architecture,
        };
    }

    /// <summary><c>&lt;runtimeName&gt;://&lt;runtimeVersion&gt;</c>, e.g. containerd://1.6.20.</summary>
    internal static string ContainerRuntimeVersion(VersionResponse runtime) =>
        $"{runtime.RuntimeName}://{(string.IsNullOrEmpty(runtime.RuntimeVersion) ? "Unknown" : runtime.RuntimeVersion)}";

    /// <summary>PRETTY_NAME from os-release text, unquoted; "Linux" when there is none (cAdvisor's default).</summary>
    internal static string OsImage(string? osRelease)
    {
        const string Key = "PRETTY_NAME=";
        foreach (var line in (osRelease ?? string.Empty).Split('\n'))
        {
            var trimmed = line.Trim();
            if (!trimmed.StartsWith(Key, StringComparison.Ordinal))
            {
                continue;
            }

            var value = trimmed[Key.Length..];
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }

            return value.Length > 0 ? value : "Linux";
        }

        return "Linux";
    }
}
