using System.Text.Json;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.SchedulingGates;

/// <summary>Keeps pods with spec.schedulingGates out of the active queue until every gate is removed.</summary>
public sealed class SchedulingGates : IPreEnqueuePlugin, IEnqueueExtensions
{
    public const string PluginName = "SchedulingGates";

    public string Name => PluginName;

    public static IPlugin New(JsonElement? args, IFrameworkHandle handle) => new SchedulingGates();

    public Status PreEnqueue(PodInfo pod)
    {
        var gates = pod.Pod.Spec?.SchedulingGates;
        return gates is null or { Count: 0 }
            ? Status.Success
            : Status.Unresolvable($"waiting for scheduling gates: [{string.Join(" ", gates.Select(gate => gate.Name))}]");
    }

    /// <summary>Removing a gate is a pod update, which requeues the pod on its own.</summary>
    public IReadOnlyList<ClusterEvent> EventsToRegister() => [];
}
