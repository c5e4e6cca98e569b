namespace KubeSharp.Scheduler.Plugins.Helper;

/// <summary>
/// A resource that resource scoring considers, with its weight (config.ResourceSpec; in plugin
/// args <c>{"name": "cpu", "weight": 1}</c>, a weight left out or 0 meaning 1).
/// </summary>
public sealed record ResourceSpec
{
    public string Name { get; init; } = string.Empty;

    public long Weight { get; init; }

    /// <summary>The default set of the resource scoring plugins: cpu and memory, weight 1 each.</summary>
    public static IReadOnlyList<ResourceSpec> CpuAndMemory { get; } =
    [
        new ResourceSpec { Name = "cpu", Weight = 1 },
        new ResourceSpec { Name = "memory", Weight = 1 },
    ];
}
