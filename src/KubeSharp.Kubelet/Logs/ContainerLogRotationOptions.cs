namespace KubeSharp.Kubelet.Logs;

/// <summary>How container log files are rotated (upstream's containerLogMaxSize, containerLogMaxFiles and its monitor period).</summary>
internal sealed record ContainerLogRotationOptions
{
    /// <summary>A live log file larger than this is rotated.</summary>
    public long MaxSize { get; init; } = 10 * 1024 * 1024;

    /// <summary>The most files kept per container, the live one included (at least 2).</summary>
    public int MaxFiles { get; init; } = 5;

    /// <summary>How often the log files are checked.</summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromSeconds(10);
}
