using System.Text.Json;
using k8s.Models;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.Helper;

namespace KubeSharp.Scheduler.Plugins.NodeUnschedulable;

/// <summary>
/// Keeps pods off cordoned nodes (spec.unschedulable), except pods that tolerate the
/// node.kubernetes.io/unschedulable:NoSchedule taint, as upstream's NodeUnschedulable.
/// </summary>
public sealed class NodeUnschedulable : IFilterPlugin, IEnqueueExtensions
{
    public const string PluginName = "NodeUnschedulable";

    /// <summary>The node is not known (only its pods are).</summary>
    public const string ErrReasonUnknownCondition = "node(s) had unknown conditions";

    public const string ErrReasonUnschedulable = "node(s) were unschedulable";

    private static readonly V1Taint UnschedulableTaint = new() { Key = Tolerations.TaintNodeUnschedulable, Effect = Tolerations.NoSchedule };

    // Uncordoning is a spec change the node watch reports as a taint update; label updates too
    // because upstream registers them for every plugin that registers node additions.
    private static readonly ClusterEvent[] Events =
    [
        new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeTaint | ActionType.UpdateNodeLabel),
    ];

    public string Name => PluginName;

    public static IPlugin New(JsonElement? args, IFrameworkHandle handle) => new NodeUnschedulable();

    public Status Filter(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var node = nodeInfo.Node;
        if (node is null)
        {
            return Status.Unresolvable(ErrReasonUnknownCondition);
        }

        if (node.Spec?.Unschedulable != true)
        {
            return Status.Success;
        }

        // A pod that tolerates the taint of cordoned nodes tolerates spec.unschedulable too.
        return Tolerations.TolerateTaint(pod.Pod.Spec?.Tolerations, UnschedulableTaint)
            ? Status.Success
            : Status.Unresolvable(ErrReasonUnschedulable);
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() => Events;
}
