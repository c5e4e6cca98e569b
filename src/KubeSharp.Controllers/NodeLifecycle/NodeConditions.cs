using k8s.Models;

namespace KubeSharp.Controllers.NodeLifecycle;

/// <summary>The node conditions the controller reads, and what it writes when a kubelet goes silent (tryUpdateNodeHealth).</summary>
internal static class NodeConditions
{
    public const string Ready = "Ready";
    public const string MemoryPressure = "MemoryPressure";
    public const string DiskPressure = "DiskPressure";
    public const string PidPressure = "PIDPressure";
    public const string NetworkUnavailable = "NetworkUnavailable";

    public const string StatusUnknownReason = "NodeStatusUnknown";
    public const string StatusUnknownMessage = "Kubelet stopped posting node status.";
    public const string NeverUpdatedReason = "NodeStatusNeverUpdated";
    public const string NeverUpdatedMessage = "Kubelet never posted node status.";

    /// <summary>
    /// The conditions the kubelet owns. NetworkUnavailable is left alone: the network plugin or
    /// cloud provider sets it, not the kubelet.
    /// </summary>
    private static readonly string[] KubeletConditions = [Ready, MemoryPressure, DiskPressure, PidPressure];

    public static V1NodeCondition? Find(V1NodeStatus? status, string type) => status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>
    /// Sets every kubelet condition to Unknown (those never posted are added, their heartbeat the
    /// node's creation); lastHeartbeatTime of existing ones is kept, so the controller's own write
    /// does not look like a heartbeat. Returns whether anything changed.
    /// </summary>
    public static bool MarkUnknown(V1NodeStatus status, DateTime? created, DateTime now)
    {
        var changed = false;
        status.Conditions ??= [];
        foreach (var type in KubeletConditions)
        {
            var condition = Find(status, type);
            if (condition is null)
            {
                status.Conditions.Add(new V1NodeCondition
                {
                    Type = type,
                    Status = "Unknown",
                    Reason = NeverUpdatedReason,
                    Message = NeverUpdatedMessage,
                    LastHeartbeatTime = created,
                    LastTransitionTime = now,
                });
                changed = true;
            }
            else if (condition.Status != "Unknown")
            {
                condition.Status = "Unknown";
                condition.Reason = StatusUnknownReason;
                condition.Message = StatusUnknownMessage;
                condition.LastTransitionTime = now;
                changed = true;
            }
        }

        return changed;
    }
}
