using System.Text.Json;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.NodeName;

/// <summary>A pod that names its node (spec.nodeName) fits only that node, as upstream's NodeName.</summary>
public sealed class NodeName : IFilterPlugin, IEnqueueExtensions
{
    public const string PluginName = "NodeName";

    public const string ErrReason = "node(s) didn't match the requested node name";

    private static readonly ClusterEvent[] Events =
    [
        new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeTaint | ActionType.UpdateNodeLabel),
    ];

    public string Name => PluginName;

    public static IPlugin New(JsonElement? args, IFrameworkHandle handle) => new NodeName();

    public Status Filter(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        if (nodeInfo.Node is null)
        {
            return Status.Error("node not found");
        }

        var wanted = pod.Pod.Spec?.NodeName;
        return string.IsNullOrEmpty(wanted) || wanted == nodeInfo.Name ? Status.Success : Status.Unresolvable(ErrReason);
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() => Events;
}
