using k8s.Models;

namespace KubeSharp.Kubelet.Nodes;

/// <summary>
/// The four conditions kubelet owns, as upstream's setters write them: MemoryPressure, DiskPressure
/// and PIDPressure (always False here: there is no eviction manager) and Ready last.
/// lastHeartbeatTime is every update; lastTransitionTime moves only when a status changes.
/// Conditions of other types (set by someone else) are kept as they are.
/// </summary>
internal static class NodeConditions
{
    public const string Ready = "Ready";

    private static readonly Desired[] Pressures =
    [
        new("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        new("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        new("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
    ];

    /// <summary>The conditions to post, from those the node has now; <paramref name="notReadyMessage"/> null means Ready.</summary>
    public static List<V1NodeCondition> Update(IList<V1NodeCondition>? previous, string? notReadyMessage, DateTimeOffset now)
    {
        var beat = Seconds(now);
        var ready = notReadyMessage is null
            ? new Desired(Ready, "True", "KubeletReady", "kubelet is posting ready status")
            : new Desired(Ready, "False", "KubeletNotReady", notReadyMessage);
        var conditions = previous?.ToList() ?? [];
        foreach (var desired in Pressures.Append(ready))
        {
            var index = conditions.FindIndex(c => c.Type == desired.Type);
            var old = index >= 0 ? conditions[index] : null;
            var condition = new V1NodeCondition
            {
                Type = desired.Type,
                Status = desired.Status,
                Reason = desired.Reason,
                Message = desired.Message,
                LastHeartbeatTime = beat,
                LastTransitionTime = old is { LastTransitionTime: { } since } && old.Status == desired.Status ? since : beat,
            };
            if (index >= 0)
            {
                conditions[index] = condition;
            }
            else
            {
                conditions.Add(condition);
            }
        }

        return conditions;
    }

    /// <summary>Null when the runtime and its network are ready, else why not (the runtime's own words when it gave some).</summary>
    public static string? NotReadyMessage(NodeRuntimeState state) => (state.RuntimeReady, state.NetworkReady) switch
    {
        (true, true) => null,
        _ when !string.IsNullOrEmpty(state.Message) => state.Message,
        (false, _) => "container runtime not ready",
        _ => "container runtime network not ready",
    };

    /// <summary>The node's Ready status ("True", "False", "Unknown"), or null when it has no Ready condition.</summary>
    public static string? ReadyStatus(V1Node? node) => node?.Status?.Conditions?.FirstOrDefault(c => c.Type == Ready)?.Status;

    /// <summary>metav1.Time has whole seconds on the wire.</summary>
    private static DateTime Seconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    private sealed record Desired(string Type, string Status, string Reason, string Message);
}
