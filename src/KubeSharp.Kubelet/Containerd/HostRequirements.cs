using System.Buffers.Binary;
using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Containerd;

/// <summary>
/// What a real node needs from the host (Debian packages) and from the mount namespace it runs in.
/// </summary>
internal static partial class HostRequirements
{
    private const string BusyboxPath = "/bin/busybox";
    private const string BusyboxPackage = "busybox-static";
    private const string LibcPackage = "libc6-dev";
    private const string CgroupRoot = "/sys/fs/cgroup";
    private const int OutputTail = 2000;

    // A file each package installs, and the package. Checked by path so that no package database is needed.
    private static readonly (string Path, string Package)[] Files =
    [
        ("/usr/bin/containerd", "containerd"),
        ("/usr/sbin/runc", "runc"),
        ("/usr/lib/cni/bridge", "containernetworking-plugins"),
        ("/usr/sbin/nft", "nftables"),
        // The portmap CNI plugin programs iptables.
        ("/usr/sbin/iptables", "iptables"),
        // gcc and a static libc build the pause image's program.
        ("/usr/bin/gcc", "gcc"),
    ];

    /// <summary>The Debian packages whose files are missing; empty when all are there.</summary>
    public static IReadOnlyList<string> MissingPackages()
    {
        var missing = Files.Where(file => !File.Exists(file.Path)).Select(file => file.Package).ToList();

        // Debian's plain busybox package also installs /bin/busybox, but linked dynamically: useless in an image.
        if (!IsStaticExecutable(BusyboxPath))
        {
            missing.Add(BusyboxPackage);
        }

        if (!HasStaticLibc())
        {
            missing.Add(LibcPackage);
        }

        return missing;
    }

    /// <summary>
    /// Installs missing packages with apt-get when running as root; otherwise, or when that fails,
    /// throws an <see cref="InvalidOperationException"/> naming the packages and the command to run.
    /// </summary>
    public static async Task EnsureAsync(ILogger logger, CancellationToken cancellationToken)
    {
        var missing = MissingPackages();
        if (missing.Count == 0)
        {
            return;
        }

        var command = "apt-get install -y --no-install-recommends " + string.Join(' ', missing);
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException(
                $"this node needs packages that are not installed: {string.Join(", ", missing)}; install them as root with: {command}");
        }

        LogInstalling(logger, string.Join(' ', missing));
        var result = await AptGetAsync(["install", "-y", "--no-install-recommends", .. missing], cancellationToken);
        if (result.ExitCode != 0)
        {
            // A fresh system may have no package lists yet.
            LogUpdating(logger, result.ExitCode);
            result = await AptGetAsync(["update"], cancellationToken);
            if (result.ExitCode == 0)
            {
                result = await AptGetAsync(["install", "-y", "--no-install-recommends", .. missing], cancellationToken);
            }
        }

        var stillMissing = MissingPackages();
        if (stillMissing.Count > 0)
        {
            throw new InvalidOperationException(
                $"installing {string.Join(", ", stillMissing)} failed (apt-get exit code {result.ExitCode}); run as root: "
                + $"apt-get install -y --no-install-recommends {string.Join(' ', stillMissing)}\napt-get said:\n{result.Output}");
        }

        LogInstalled(logger, string.Join(' ', missing));
    }

    /// <summary>
    /// Null when a cgroup hierarchy is mounted under /sys/fs/cgroup in this mount namespace; else why
    /// containers cannot start here. <c>ip netns exec</c> remounts /sys, which hides the cgroup mounts
    /// from containerd and runc.
    /// </summary>
    public static string? CgroupProblem()
    {
        string[] mounts;
        try
        {
            mounts = File.ReadAllLines("/proc/self/mountinfo");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return $"cannot read /proc/self/mountinfo to find the cgroup mounts: {error.Message}";
        }

        if (mounts.Any(IsCgroupMount))
        {
            return null;
        }

        return $"no cgroup hierarchy is mounted under {CgroupRoot} in this process's mount namespace, so every pod "
            + "sandbox would fail with \"runc create failed: no cgroup mount found in mountinfo\". This happens under "
            + "`ip netns exec`, which remounts /sys: enter only the network namespace instead "
            + "(nsenter --net=/run/netns/NAME ...), or mount the cgroup hierarchies under /sys/fs/cgroup first.";
    }

    // mountinfo: "id parent major:minor root mount-point options [optional...] - fstype source super-options".
    private static bool IsCgroupMount(string line)
    {
        var fields = line.Split(' ');
        var separator = Array.IndexOf(fields, "-");
        if (fields.Length < 5 || separator < 0 || separator + 1 >= fields.Length)
        {
            return false;
        }

        var mountPoint = fields[4];
        var underRoot = mountPoint == CgroupRoot || mountPoint.StartsWith(CgroupRoot + "/", StringComparison.Ordinal);
        return underRoot && (fields[separator + 1] is "cgroup" or "cgroup2");
    }

    // libc6-dev puts libc.a in the multiarch folder, e.g. /usr/lib/x86_64-linux-gnu.
    private static bool HasStaticLibc()
    {
        try
        {
            return Directory.EnumerateDirectories("/usr/lib", "*-linux-gnu*").Any(folder => File.Exists(Path.Combine(folder, "libc.a")));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // An ELF executable is static when it has no PT_INTERP program header (no dynamic loader to run it).
    private static bool IsStaticExecutable(string path)
    {
        const uint ProgramInterpreter = 3;
        byte[] elf;
        try
        {
            elf = File.ReadAllBytes(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        if (elf.Length < 0x40 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            return false;
        }

        var is64 = elf[4] == 2;
        var littleEndian = elf[5] == 1;
        var header = elf.AsSpan();
        ulong tableOffset = is64 ? Read64(header[0x20..], littleEndian) : Read32(header[0x1c..], littleEndian);
        int entrySize = Read16(header[(is64 ? 0x36 : 0x2a)..], littleEndian);
        int entries = Read16(header[(is64 ? 0x38 : 0x2c)..], littleEndian);
        if (entrySize < 4 || tableOffset + ((ulong)entrySize * (ulong)entries) > (ulong)elf.Length)
        {
            return false;
        }

        for (var i = 0; i < entries; i++)
        {
            if (Read32(header[((int)tableOffset + (i * entrySize))..], littleEndian) == ProgramInterpreter)
            {
                return false;
            }
        }

        return true;
    }

    private static ushort Read16(ReadOnlySpan<byte> bytes, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(bytes) : BinaryPrimitives.ReadUInt16BigEndian(bytes);

    private static uint Read32(ReadOnlySpan<byte> bytes, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadUInt32BigEndian(bytes);

    private static ulong Read64(ReadOnlySpan<byte> bytes, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt64LittleEndian(bytes) : BinaryPrimitives.ReadUInt64BigEndian(bytes);

    private static async Task<(int ExitCode, string Output)> AptGetAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("apt-get")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception error)
        {
            // Not a Debian system: the caller's error names the packages.
            return (-1, $"cannot run apt-get: {error.Message}");
        }

        if (process is null)
        {
            return (-1, "apt-get did not start");
        }

        using (process)
        {
            process.StandardInput.Close();

            // Both streams are read at once so that neither pipe fills and blocks apt-get. Cancelling
            // stops the wait only: killing apt-get halfway could leave dpkg's database locked.
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var text = (await output) + (await errors);
            return (process.ExitCode, text.Length > OutputTail ? text[^OutputTail..] : text);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "installing missing packages: {Packages}")]
    private static partial void LogInstalling(ILogger logger, string packages);

    [LoggerMessage(Level = LogLevel.Warning, Message = "apt-get install failed with exit code {ExitCode}; updating the package lists and trying again")]
    private static partial void LogUpdating(ILogger logger, int exitCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "installed {Packages}")]
    private static partial void LogInstalled(ILogger logger, string packages);
}
