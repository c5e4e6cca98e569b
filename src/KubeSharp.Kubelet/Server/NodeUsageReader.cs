using System.Globalization;

namespace KubeSharp.Kubelet.Server;

/// <summary>The node's CPU time and memory from /proc/stat and /proc/meminfo, what cAdvisor reports for the machine near enough.</summary>
internal static class NodeUsageReader
{
    // /proc/stat counts in USER_HZ, 100 per second on every Linux architecture.
    private const ulong NanosecondsPerTick = 10_000_000;

    /// <summary>The busy time of all cores (user, nice, system, irq, softirq, steal: all but idle and iowait) and the boot time.</summary>
    /// <exception cref="FormatException">The text is not /proc/stat's.</exception>
    public static (ulong UsageCoreNanoSeconds, DateTimeOffset BootTime) ParseStat(string text)
    {
        ulong? busy = null;
        DateTimeOffset? boot = null;
        foreach (var line in text.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 9 && fields[0] == "cpu")
            {
                // user nice system idle iowait irq softirq steal (guest time is already in user).
                busy = (Number(fields[1]) + Number(fields[2]) + Number(fields[3]) + Number(fields[6]) + Number(fields[7]) + Number(fields[8])) * NanosecondsPerTick;
            }
            else if (fields.Length == 2 && fields[0] == "btime")
            {
                boot = DateTimeOffset.FromUnixTimeSeconds((long)Number(fields[1]));
            }
        }

        return busy is { } usage && boot is { } started
            ? (usage, started)
            : throw new FormatException("/proc/stat has no cpu or btime line");
    }

    /// <summary>MemTotal, MemFree and MemAvailable in bytes.</summary>
    /// <exception cref="FormatException">A field is missing.</exception>
    public static (ulong Total, ulong Free, ulong Available) ParseMeminfo(string text)
    {
        ulong? total = null, free = null, available = null;
        foreach (var line in text.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2)
            {
                continue;
            }

            switch (fields[0])
            {
                case "MemTotal:":
                    total = Bytes(fields);
                    break;
                case "MemFree:":
                    free = Bytes(fields);
                    break;
                case "MemAvailable:":
                    available = Bytes(fields);
                    break;
            }
        }

        return total is { } t && free is { } f && available is { } a
            ? (t, f, a)
            : throw new FormatException("/proc/meminfo lacks MemTotal, MemFree or MemAvailable");
    }

    private static ulong Bytes(string[] fields) => fields.Length > 2 && fields[2] == "kB" ? Number(fields[1]) * 1024 : Number(fields[1]);

    private static ulong Number(string text) => ulong.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}
