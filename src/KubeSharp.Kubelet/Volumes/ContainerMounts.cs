using System.Security.Cryptography;
using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Pods;
using KubeSharp.Kubelet.Pods.Environment;

namespace KubeSharp.Kubelet.Volumes;

/// <summary>
/// A container's bind mounts (upstream's makeMounts): its volumeMounts with subPath and readOnly,
/// and the termination message file. Failures are CreateContainerConfigError, as upstream.
/// </summary>
internal static class ContainerMounts
{
    public const string DefaultTerminationMessagePath = "/dev/termination-log";

    private const UnixFileMode ContainerDirMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    private const UnixFileMode TerminationLogMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>
    /// The mounts of the container's volumeMounts. A subPath (or a subPathExpr expanded against
    /// <paramref name="env"/>) must be relative without '..' and, symlinks resolved, stay inside its
    /// volume; a missing one is created as a directory with the volume's mode. A volume the plugin
    /// forces read-only (configMap, secret...) is mounted read-only whatever the mount says.
    /// </summary>
    /// <exception cref="ContainerStartException">A volume is missing, or a subPath is refused.</exception>
    public static List<Mount> Build(V1Container container, PodVolumes volumes, IReadOnlyList<KeyValue>? env = null)
    {
        var mounts = new List<Mount>();
        foreach (var volumeMount in container.VolumeMounts ?? [])
        {
            if (!volumes.TryGet(volumeMount.Name, out var volume))
            {
                throw ConfigError($"cannot find volume \"{volumeMount.Name}\" to mount into container \"{container.Name}\"");
            }

            var subPath = string.IsNullOrEmpty(volumeMount.SubPathExpr) ? volumeMount.SubPath ?? string.Empty : ExpandSubPath(volumeMount.SubPathExpr, env ?? []);
            var hostPath = subPath.Length == 0 ? volume.HostPath : SubPathHostPath(volume, subPath, volumeMount.Name, container.Name);
            mounts.Add(new Mount
            {
                ContainerPath = Absolute(volumeMount.MountPath),
                HostPath = hostPath,
                Readonly = volumeMount.ReadOnlyProperty == true || volume.ReadOnly,
                SelinuxRelabel = false,
                Propagation = Propagation(volumeMount.MountPropagation),
            });
        }

        return mounts;
    }

    /// <summary>
    /// Creates an empty, world-writable file under <c>&lt;podDir&gt;/containers/&lt;name&gt;/</c> (a new
    /// one per container attempt) to mount at the container's terminationMessagePath; the kubelet
    /// reads <c>HostPath</c> once the container has exited.
    /// </summary>
    public static (Mount Mount, string HostPath) TerminationLogMount(V1Container container, string podDir)
    {
        var dir = Path.Combine(podDir, "containers", container.Name);
        Directory.CreateDirectory(dir, ContainerDirMode);
        var file = Path.Combine(dir, RandomNumberGenerator.GetHexString(8, lowercase: true));
        File.WriteAllText(file, string.Empty);
        File.SetUnixFileMode(file, TerminationLogMode);
        var containerPath = container.TerminationMessagePath is { Length: > 0 } path ? path : DefaultTerminationMessagePath;
        var mount = new Mount
        {
            ContainerPath = Absolute(containerPath),
            HostPath = file,
            Readonly = false,
            SelinuxRelabel = false,
            Propagation = MountPropagation.PropagationPrivate,
        };
        return (mount, file);
    }

    private static string SubPathHostPath(PodVolume volume, string subPath, string mountName, string containerName)
    {
        if (subPath.StartsWith('/'))
        {
            throw ConfigError($"error SubPath `{subPath}` must not be an absolute path");
        }

        if (subPath.Split('/').Contains(".."))
        {
            throw ConfigError($"unable to provision SubPath `{subPath}`: must not contain '..'");
        }

        var root = Symlinks.Resolve(volume.HostPath);
        var target = Symlinks.Resolve(Path.Join(volume.HostPath, subPath));
        if (Symlinks.IsWithin(target, root) && !Symlinks.Exists(target))
        {
            try
            {
                Directory.CreateDirectory(target, File.GetUnixFileMode(root));
            }
            catch (IOException)
            {
                throw ConfigError($"failed to create subPath directory for volumeMount \"{mountName}\" of container \"{containerName}\"");
            }

            target = Symlinks.Resolve(target);
        }

        // The resolved path is mounted, so a symlink swapped in later cannot redirect the mount.
        return Symlinks.IsWithin(target, root)
            ? target
            : throw ConfigError($"failed to prepare subPath for volumeMount \"{mountName}\" of container \"{containerName}\"");
    }

    /// <summary>Upstream's ExpandContainerVolumeMounts: every referenced variable must be set and non-empty.</summary>
    private static string ExpandSubPath(string expression, IReadOnlyList<KeyValue> env)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in env)
        {
            values[pair.Key] = pair.Value;
        }

        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var expanded = VariableExpansion.Expand(expression, name =>
        {
            if (values.TryGetValue(name, out var value) && value.Length > 0)
            {
                return value;
            }

            missing.Add(name);
            return string.Empty;
        });
        return missing.Count > 0 ? throw ConfigError($"missing value for {string.Join(", ", missing)}") : expanded;
    }

    private static MountPropagation Propagation(string? mode) => mode switch
    {
        null or "" or "None" => MountPropagation.PropagationPrivate,
        "HostToContainer" => MountPropagation.PropagationHostToContainer,
        "Bidirectional" => MountPropagation.PropagationBidirectional,
        _ => throw ConfigError($"invalid MountPropagation mode: \"{mode}\""),
    };

    private static string Absolute(string path) => path.StartsWith('/') ? path : "/" + path;

    private static ContainerStartException ConfigError(string message) => new(EnvironmentBuilder.ConfigErrorReason, message);
}
