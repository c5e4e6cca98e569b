using System.Globalization;
using System.Text;

namespace KubeSharp.Kubelet.Containerd;

/// <summary>
/// The configuration file (version 2 TOML, containerd 1.6 field names) of a node's private
/// containerd. Every setting here was needed on the reference VM (docs facts/runtime.md); the rest
/// keeps containerd's defaults.
/// </summary>
internal static class ContainerdConfig
{
    private const string Cri = "plugins.\"io.containerd.grpc.v1.cri\"";

    // Not built, or unusable without their filesystems; disabled so that containerd does not try them.
    private static readonly string[] DisabledPlugins =
    [
        "io.containerd.snapshotter.v1.aufs",
        "io.containerd.snapshotter.v1.btrfs",
        "io.containerd.snapshotter.v1.devmapper",
        "io.containerd.snapshotter.v1.zfs",
    ];

    public static string Render(ContainerdOptions options)
    {
        var text = new StringBuilder();
        text.AppendLine("# Written by KubeSharp on every start of this node's containerd: edits are lost.");
        text.AppendLine("version = 2");
        Setting(text, "root", options.Root);
        Setting(text, "state", options.State);
        text.Append("disabled_plugins = [").AppendJoin(", ", DisabledPlugins.Select(TomlStrings.Quote)).AppendLine("]");

        Table(text, "grpc");
        Setting(text, "address", options.Socket);

        Table(text, "plugins.\"io.containerd.internal.v1.opt\"");
        Setting(text, "path", options.OptDir);

        Table(text, Cri);
        Setting(text, "sandbox_image", options.SandboxImage);

        // Without it runc refuses the negative oom_score_adj containerd gives the sandbox, and every RunPodSandbox fails.
        Setting(text, "restrict_oom_score_adj", true);
        Setting(text, "netns_mounts_under_state_dir", true);
        Setting(text, "disable_tcp_service", true);
        Setting(text, "disable_apparmor", true);

        // The exec/attach/port-forward server: loopback only, any free port.
        Setting(text, "stream_server_address", "127.0.0.1");
        Setting(text, "stream_server_port", "0");

        Table(text, Cri + ".containerd");
        Setting(text, "snapshotter", "overlayfs");
        Setting(text, "default_runtime_name", "runc");

        Table(text, Cri + ".containerd.runtimes.runc");
        Setting(text, "runtime_type", "io.containerd.runc.v2");

        // No systemd here: cgroupfs. crun does not work with hybrid cgroups, so runc by path.
        Table(text, Cri + ".containerd.runtimes.runc.options");
        Setting(text, "BinaryName", "/usr/sbin/runc");
        Setting(text, "SystemdCgroup", false);

        Table(text, Cri + ".cni");
        Setting(text, "bin_dir", options.CniBinDir);
        Setting(text, "conf_dir", options.CniConfDir);
        text.AppendLine("max_conf_num = 1");

        if (options.RegistryConfigDir is not null)
        {
            Table(text, Cri + ".registry");
            Setting(text, "config_path", options.RegistryConfigDir);
        }

        return text.ToString();
    }

    private static void Table(StringBuilder text, string name) => text.AppendLine().Append('[').Append(name).AppendLine("]");

    private static void Setting(StringBuilder text, string key, string value) => text.Append(key).Append(" = ").AppendLine(TomlStrings.Quote(value));

    private static void Setting(StringBuilder text, string key, bool value) => text.Append(key).Append(" = ").AppendLine(value ? "true" : "false");

}
