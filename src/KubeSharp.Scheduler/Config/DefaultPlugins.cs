namespace KubeSharp.Scheduler.Config;

/// <summary>
/// Upstream's default multiPoint plugin list (v1.32 getDefaultPlugins) with its score weights, less
/// the volume plugins, which have nothing to check until volumes exist here.
/// </summary>
public static class DefaultPlugins
{
    public static readonly IReadOnlyList<PluginRef> MultiPoint =
    [
        new("SchedulingGates"),
        new("PrioritySort"),
        new("NodeUnschedulable"),
        new("NodeName"),
        new("TaintToleration", 3),
        new("NodeAffinity", 2),
        new("NodePorts"),
        new("NodeResourcesFit", 1),
        new("PodTopologySpread", 2),
        new("InterPodAffinity", 2),
        new("DefaultPreemption"),
        new("NodeResourcesBalancedAllocation", 1),
        new("ImageLocality", 1),
        new("DefaultBinder"),
    ];
}
