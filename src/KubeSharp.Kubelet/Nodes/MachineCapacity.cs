using System.Globalization;

namespace KubeSharp.Kubelet.Nodes;

/// <summary>What the machine has, as cAdvisor would report it to kubelet: CPUs, memory, and the size of the filesystem holding the kubelet root dir.</summary>
internal sealed record MachineCapacity(int Cpus, long MemoryBytes, long EphemeralStorageBytes)
{
    // cgroup v1 (this VM's hybrid layout) first, then the unified hierarchy.
    private static readonly string[] CpusetFiles =
    [
        "/sys/fs/cgroup/cpuset/cpuset.effective_cpus",
        "/sys/fs/cgroup/cpuset/cpuset.cpus",
        "/sys/fs/cgroup/cpuset.cpus.effective",
    ];

    public static MachineCapacity Read(string rootDir) => new(ReadCpus(), ReadMemory(), ReadStorage(rootDir));

    /// <summary>How many CPUs a cpuset list such as <c>0-3,6</c> names; 0 when it is empty or malformed.</summary>
    internal static int CountCpus(string cpuList)
    {
        var count = 0;
        foreach (var part in cpuList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    return 0;
                }

                count++;
                continue;
            }

            if (!int.TryParse(part.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                || !int.TryParse(part.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var last)
                || last < first)
            {
                return 0;
            }

            count += last - first + 1;
        }

        return count;
    }

    /// <summary>MemTotal from /proc/meminfo text, in bytes (the file says kB and means KiB); 0 if absent.</summary>
    internal static long ParseMemTotal(string meminfo)
    {
        foreach (var line in meminfo.Split('\n'))
        {
            if (!line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = line["MemTotal:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 0 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib) ? kib * 1024 : 0;
        }

        return 0;
    }

    /// <summary>
    /// The online CPUs this process may use: .NET's count already follows affinity and CPU quota;
    /// a cpuset narrower than that (a node confined to some CPUs) wins.
    /// </summary>
    private static int ReadCpus()
    {
        var cpus = Environment.ProcessorCount;
        foreach (var file in CpusetFiles)
        {
            if (HostFiles.TryRead(file) is { } list && CountCpus(list) is > 0 and var inSet)
            {
                return Math.Min(cpus, inSet);
            }
        }

        return cpus;
    }

    private static long ReadMemory() => HostFiles.TryRead("/proc/meminfo") is { } meminfo ? ParseMemTotal(meminfo) : 0;

    /// <summary>statfs of the root dir, or of its nearest existing parent before the kubelet made it.</summary>
    private static long ReadStorage(string rootDir)
    {
        var path = Path.GetFullPath(rootDir);
        while (!Directory.Exists(path) && Path.GetDirectoryName(path) is { } parent)
        {
            path = parent;
        }

        try
        {
            return new DriveInfo(path).TotalSize;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return 0;
        }
    }
}
