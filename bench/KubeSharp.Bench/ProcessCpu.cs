using System.Globalization;

namespace KubeSharp.Bench;

/// <summary>How much CPU a process has used, to say where a benchmark's time goes.</summary>
internal static class ProcessCpu
{
    /// <summary>The process' user + system CPU time so far, from /proc (10 ms ticks).</summary>
    public static double Seconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
