using KubeSharp.Scheduler.Config;
using KubeSharp.Scheduler.Runtime;

namespace KubeSharp.Scheduler;

/// <summary>How a scheduler instance runs: its configuration, plugins and identity.</summary>
public sealed record SchedulerOptions
{
    public SchedulerConfiguration Configuration { get; init; } = SchedulerConfiguration.Default;

    /// <summary>The in-tree plugins plus any added by the program embedding the scheduler.</summary>
    public PluginRegistry Registry { get; init; } = PluginRegistry.InTree();

    /// <summary>This instance's name in the leader-election Lease (hostname plus a unique suffix, as upstream).</summary>
    public string Identity { get; init; } = $"{Environment.MachineName}_{Guid.NewGuid()}";
}
