using System.Text;

namespace KubeSharp.Kubelet.Containerd;

/// <summary>
/// Where a node's private containerd keeps its files and listens; <see cref="Validate"/> says
/// what is wrong with them. Each node on a machine needs its own root, state, socket and CNI
/// configuration folder.
/// </summary>
internal sealed record ContainerdOptions
{
    // sun_path holds 108 bytes with the terminating NUL, and containerd also listens on "<socket>.ttrpc".
    private const int MaxSocketPathBytes = 107 - 6;

    /// <summary>containerd's root: images, snapshots, metadata.</summary>
    public required string Root { get; init; }

    /// <summary>containerd's state: runtime files, sandbox network namespaces; best on tmpfs (/run).</summary>
    public required string State { get; init; }

    /// <summary>The gRPC socket path (CRI and containerd's own API).</summary>
    public required string Socket { get; init; }

    /// <summary>The folder of this node's CNI network configuration (the first file in it is used).</summary>
    public required string CniConfDir { get; init; }

    public string CniBinDir { get; init; } = "/usr/lib/cni";

    /// <summary>The pause image; it must already be in containerd's store, since no registry may be reachable.</summary>
    public string SandboxImage { get; init; } = "localhost/pause:3.9";

    /// <summary>containerd's registry <c>config_path</c>: a folder of <c>&lt;host&gt;/hosts.toml</c> mirror files; none when null.</summary>
    public string? RegistryConfigDir { get; init; }

    /// <summary>The opt plugin's folder (containerd would otherwise create /opt/containerd).</summary>
    public required string OptDir { get; init; }

    /// <summary>containerd's output is appended to this file.</summary>
    public required string LogPath { get; init; }

    /// <summary>Where the generated configuration is written; null: containerd.toml next to <see cref="Root"/>.</summary>
    public string? ConfigPath { get; init; }

    public string Executable { get; init; } = "/usr/bin/containerd";

    /// <summary>The configuration file's path.</summary>
    public string ConfigFile =>
        ConfigPath ?? Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Root)) ?? Root, "containerd.toml");

    /// <summary>Every problem with these options; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        Absolute(problems, "root", Root);
        Absolute(problems, "state", State);
        Absolute(problems, "socket", Socket);
        Absolute(problems, "CNI configuration folder", CniConfDir);
        Absolute(problems, "CNI plugin folder", CniBinDir);
        Absolute(problems, "opt folder", OptDir);
        Absolute(problems, "log file", LogPath);
        Absolute(problems, "executable", Executable);
        if (RegistryConfigDir is not null)
        {
            Absolute(problems, "registry configuration folder", RegistryConfigDir);
        }

        if (ConfigPath is not null)
        {
            Absolute(problems, "configuration file", ConfigPath);
        }

        if (Encoding.UTF8.GetByteCount(Socket) > MaxSocketPathBytes)
        {
            problems.Add($"socket: \"{Socket}\" is too long for a Unix socket (at most {MaxSocketPathBytes} bytes, as containerd adds \".ttrpc\" for a second socket)");
        }

        if (string.IsNullOrWhiteSpace(SandboxImage))
        {
            problems.Add("sandbox image: must not be empty");
        }

        return problems;
    }

    private static void Absolute(List<string> problems, string what, string path)
    {
        if (!Path.IsPathFullyQualified(path))
        {
            problems.Add($"{what}: \"{path}\" is not an absolute path");
        }
    }
}
