using System.Runtime.InteropServices;

namespace KubeSharp.Kubelet.Volumes;

/// <summary>
/// The Linux calls volumes need and .NET has no API for: rename(2) over a symlink to a directory
/// (File.Move and Directory.Move refuse it), mount and unmount of tmpfs, and a file's type
/// (socket, character or block device) through statx(2), whose layout is the same on every
/// architecture.
/// </summary>
internal static class VolumeSyscalls
{
    public const int TypeMask = 0xF000;
    public const int TypeSocket = 0xC000;
    public const int TypeBlockDevice = 0x6000;
    public const int TypeDirectory = 0x4000;
    public const int TypeCharDevice = 0x2000;

    private const int AtCurrentDirectory = -100;
    private const uint StatxType = 0x1;
    private const int StatxSize = 256;
    private const int StatxModeOffset = 28;
    private const int DetachFlag = 2;
    private const int Busy = 16;

    /// <summary>Atomically replaces <paramref name="to"/> by <paramref name="from"/>, whatever either is.</summary>
    public static void Rename(string from, string to)
    {
        if (NativeRename(from, to) != 0)
        {
            throw Failure($"rename {from} to {to}");
        }
    }

    /// <param name="options">tmpfs options such as <c>size=67108864</c>, or null for the defaults (half the RAM).</param>
    public static void MountTmpfs(string target, string? options)
    {
        if (NativeMount("tmpfs", target, "tmpfs", 0, options) != 0)
        {
            throw Failure($"mount -t tmpfs tmpfs {target}");
        }
    }

    /// <summary>Unmounts; a busy mount is detached (lazily unmounted) instead.</summary>
    public static void Unmount(string target)
    {
        if (NativeUnmount(target, 0) == 0)
        {
            return;
        }

        if (Marshal.GetLastPInvokeError() != Busy || NativeUnmount(target, DetachFlag) != 0)
        {
            throw Failure($"umount {target}");
        }
    }

    /// <summary>The type bits (<see cref="TypeMask"/>) of what <paramref name="path"/> names, symlinks followed; null when nothing is there.</summary>
    public static int? FileType(string path)
    {
        var buffer = new byte[StatxSize];
        if (NativeStatx(AtCurrentDirectory, path, 0, StatxType, buffer) != 0)
        {
            return null;
        }

        return BitConverter.ToUInt16(buffer, StatxModeOffset) & TypeMask;
    }

    private static IOException Failure(string what)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{what}: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int NativeRename(
        [MarshalAs(UnmanagedType.LPUTF8Str)] string from,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string to);

    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [DllImport("libc", EntryPoint = "mount", SetLastError = true)]
    private static extern int NativeMount(
        [MarshalAs(UnmanagedType.LPUTF8Str)] string source,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string target,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string fileSystemType,
        nuint flags,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string? data);

    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [DllImport("libc", EntryPoint = "umount2", SetLastError = true)]
    private static extern int NativeUnmount([MarshalAs(UnmanagedType.LPUTF8Str)] string target, int flags);

    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int NativeStatx(
        int directory,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string path,
        int flags,
        uint mask,
        [Out] byte[] buffer);
}
