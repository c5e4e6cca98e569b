namespace KubeSharp.Scheduler.Framework;

/// <summary>Resource names and the defaults the scheduler assumes for requests left empty.</summary>
public static class ResourceNames
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string EphemeralStorage = "ephemeral-storage";
    public const string Pods = "pods";

    /// <summary>schedutil.DefaultMilliCPURequest: what scoring counts for a container without a cpu request.</summary>
    public const long DefaultMilliCpuRequest = 100;

    /// <summary>schedutil.DefaultMemoryRequest: 200 MiB, for scoring only.</summary>
    public const long DefaultMemoryRequest = 200L * 1024 * 1024;
}
