using System.Globalization;
using k8s.Models;

namespace KubeSharp.Kubelet.Volumes;

/// <summary>
/// An emptyDir volume (upstream's emptydir plugin): a directory on the node's disk, or with medium
/// "Memory" a tmpfs mounted on it, sized by sizeLimit (else the kernel's default, half the RAM).
/// Setting up again is a no-op: a tmpfs already there is kept with its files.
/// </summary>
internal static class EmptyDirVolume
{
    public const string MemoryMedium = "Memory";

    /// <summary>rwxrwxrwx: any container user may write (upstream's 0777).</summary>
    public const UnixFileMode DirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <returns>Whether a tmpfs was mounted now.</returns>
    /// <exception cref="InvalidOperationException">The medium is unknown, or another file system is mounted there.</exception>
    public static bool SetUp(string dir, V1EmptyDirVolumeSource source, Func<IReadOnlyList<MountPoint>> mounts)
    {
        EnsureDirectory(dir, DirectoryMode);
        var medium = source.Medium ?? string.Empty;
        if (medium.Length == 0)
        {
            return false;
        }

        if (medium != MemoryMedium)
        {
            throw new InvalidOperationException($"unknown storage medium \"{medium}\"");
        }

        var real = Symlinks.Resolve(dir);
        if (mounts().FirstOrDefault(mount => mount.Path == real) is { } existing)
        {
            if (existing.FileSystemType != "tmpfs")
            {
                throw new InvalidOperationException($"{real} is already mounted as {existing.FileSystemType}");
            }

            return false;
        }

        VolumeSyscalls.MountTmpfs(real, SizeOption(source.SizeLimit));
        return true;
    }

    /// <summary>Creates the directory if needed and gives it <paramref name="mode"/>'s permission bits (sticky and other bits left as they are).</summary>
    public static void EnsureDirectory(string dir, UnixFileMode mode)
    {
        Directory.CreateDirectory(dir);
        const UnixFileMode permissions = (UnixFileMode)0x1FF;
        var current = File.GetUnixFileMode(dir);
        if ((current & permissions) != mode)
        {
            File.SetUnixFileMode(dir, (current & ~permissions) | mode);
        }
    }

    private static string? SizeOption(ResourceQuantity? sizeLimit)
    {
        var bytes = sizeLimit is null ? 0m : Math.Ceiling(sizeLimit.ToDecimal());
        return bytes > 0m ? "size=" + bytes.ToString("0", CultureInfo.InvariantCulture) : null;
    }
}
