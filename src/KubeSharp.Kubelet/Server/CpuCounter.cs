namespace KubeSharp.Kubelet.Server;

/// <summary>A cumulative CPU time reading (all cores) and when it was taken.</summary>
internal readonly record struct CpuCounter(ulong UsageCoreNanoSeconds, DateTimeOffset Time)
{
    /// <summary>The average use since <paramref name="previous"/> in billionths of a core; null without an earlier reading, or when the counter went back (a new container or a reboot).</summary>
    public ulong? NanoCoresSince(CpuCounter? previous)
    {
        if (previous is not { } earlier || earlier.UsageCoreNanoSeconds > UsageCoreNanoSeconds || Time <= earlier.Time)
        {
            return null;
        }

        var elapsedNanoseconds = (Time - earlier.Time).Ticks * 100.0;
        return (ulong)((UsageCoreNanoSeconds - earlier.UsageCoreNanoSeconds) * 1e9 / elapsedNanoseconds);
    }
}
