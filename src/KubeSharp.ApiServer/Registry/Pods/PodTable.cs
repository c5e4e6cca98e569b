using System.Globalization;
using System.Text.Json.Nodes;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Tables;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.Pods;

/// <summary>kubectl's pod columns (upstream's printPod), with the full READY, STATUS and RESTARTS logic.</summary>
internal static class PodTable
{
    public static readonly TableDefinition Definition = new(
        [
            TableColumn.ForName(),
            ColumnDocs.Text("Ready", "The aggregate readiness state of this pod for accepting traffic."),
            ColumnDocs.Text("Status", "The aggregate status of the containers in this pod."),
            ColumnDocs.Text("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
            TableColumn.Age,
            ColumnDocs.Text("IP", "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", 1),
            ColumnDocs.Text("Node", "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename", 1),
            ColumnDocs.Text("Nominated Node", "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.", 1),
            ColumnDocs.Text("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to \"True\" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates", 1),
        ],
        Row);

    private static JsonNode?[] Row(JsonObject pod, DateTimeOffset now)
    {
        var spec = pod["spec"] as JsonObject ?? [];
        var status = pod["status"] as JsonObject ?? [];
        var conditions = (status["conditions"] as JsonArray).Objects().ToList();
        var state = Summarize(pod, spec, status, conditions);
        var restarts = state.Restarts.ToString(CultureInfo.InvariantCulture);
        if (state.Restarts != 0 && state.LastRestart is { } last)
        {
            restarts = $"{restarts} ({HumanDuration.Format(now - last)} ago)";
        }

        var podIp = (status["podIPs"] as JsonArray).Objects().Select(ip => Text(ip["ip"])).FirstOrDefault() ?? Text(status["podIP"]);
        var readinessGates = "<none>";
        var gates = (spec["readinessGates"] as JsonArray).Objects().ToList();
        if (gates.Count > 0)
        {
            var met = gates.Count(g => conditions.FirstOrDefault(c => Text(c["type"]) == Text(g["conditionType"])) is { } gate && Text(gate["status"]) == "True");
            readinessGates = $"{met}/{gates.Count}";
        }

        return
        [
            Text(pod.Get("metadata.name")),
            $"{state.Ready}/{state.Total}",
            state.Reason,
            restarts,
            TableDefinition.Age(pod, now),
            NoneIfEmpty(podIp),
            NoneIfEmpty(Text(spec["nodeName"])),
            NoneIfEmpty(Text(status["nominatedNodeName"])),
            readinessGates,
        ];
    }

    private static string NoneIfEmpty(string? value) => string.IsNullOrEmpty(value) ? "<none>" : value;

    /// <summary>The READY counts, STATUS reason and RESTARTS of printPod.</summary>
    private static PodState Summarize(JsonObject pod, JsonObject spec, JsonObject status, List<JsonObject> conditions)
    {
        var initContainers = (spec["initContainers"] as JsonArray).Objects().ToList();
        var total = (spec["containers"] as JsonArray).Objects().Count() + initContainers.Count(IsRestartable);
        var ready = 0;
        var phase = Text(status["phase"]) ?? string.Empty;
        var reason = string.IsNullOrEmpty(Text(status["reason"])) ? phase : Text(status["reason"])!;
        if (conditions.Any(c => Text(c["type"]) == "PodScheduled" && Text(c["reason"]) == "SchedulingGated"))
        {
            reason = "SchedulingGated";
        }

        var restarts = 0L;
        var sidecarRestarts = 0L;
        DateTimeOffset? lastRestart = null;
        DateTimeOffset? lastSidecarRestart = null;
        var initializing = false;
        var initStatuses = (status["initContainerStatuses"] as JsonArray).Objects().ToList();
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var container = initStatuses[i];
            var restartCount = Number(container["restartCount"]) ?? 0;
            var finished = Time(container.Get("lastState.terminated.finishedAt"));
            restarts += restartCount;
            lastRestart = Later(lastRestart, finished);
            var restartable = initContainers.FirstOrDefault(c => Text(c["name"]) == Text(container["name"])) is { } declared && IsRestartable(declared);
            if (restartable)
            {
                sidecarRestarts += restartCount;
                lastSidecarRestart = Later(lastSidecarRestart, finished);
            }

            var terminated = container.GetObject("state.terminated");
            var waitingReason = Text(container.Get("state.waiting.reason"));
            if (terminated is not null && (Number(terminated["exitCode"]) ?? 0) == 0)
            {
                continue;
            }

            if (restartable && Flag(container["started"]) == true)
            {
                if (Flag(container["ready"]) == true)
                {
                    ready++;
                }

                continue;
            }

            if (terminated is not null)
            {
                reason = string.IsNullOrEmpty(Text(terminated["reason"]))
                    ? (Number(terminated["signal"]) ?? 0) != 0 ? $"Init:Signal:{Number(terminated["signal"])}" : $"Init:ExitCode:{Number(terminated["exitCode"]) ?? 0}"
                    : "Init:" + Text(terminated["reason"]);
            }
            else if (!string.IsNullOrEmpty(waitingReason) && waitingReason != "PodInitializing")
            {
                reason = "Init:" + waitingReason;
            }
            else
            {
                reason = $"Init:{i}/{initContainers.Count}";
            }

            initializing = true;
            break;
        }

        var initialized = conditions.FirstOrDefault(c => Text(c["type"]) == "Initialized") is { } condition && Text(condition["status"]) == "True";
        if (!initializing || initialized)
        {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            var hasRunning = false;
            var statuses = (status["containerStatuses"] as JsonArray).Objects().ToList();

            // In reverse, so the first container's reason wins.
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var container = statuses[i];
                restarts += Number(container["restartCount"]) ?? 0;
                lastRestart = Later(lastRestart, Time(container.Get("lastState.terminated.finishedAt")));
                var terminated = container.GetObject("state.terminated");
                if (Text(container.Get("state.waiting.reason")) is { Length: > 0 } waiting)
                {
                    reason = waiting;
                }
                else if (terminated is not null && Text(terminated["reason"]) is { Length: > 0 } terminatedReason)
                {
                    reason = terminatedReason;
                }
                else if (terminated is not null)
                {
                    reason = (Number(terminated["signal"]) ?? 0) != 0 ? $"Signal:{Number(terminated["signal"])}" : $"ExitCode:{Number(terminated["exitCode"]) ?? 0}";
                }
                else if (Flag(container["ready"]) == true && container.Get("state.running") is not null)
                {
                    hasRunning = true;
                    ready++;
                }
            }

            if (reason == "Completed" && hasRunning)
            {
                reason = conditions.Any(c => Text(c["type"]) == "Ready" && Text(c["status"]) == "True") ? "Running" : "NotReady";
            }
        }

        if (pod.Get("metadata.deletionTimestamp") is not null)
        {
            if (Text(status["reason"]) == "NodeLost")
            {
                reason = "Unknown";
            }
            else if (phase is not ("Failed" or "Succeeded"))
            {
                reason = "Terminating";
            }
        }

        return new PodState(ready, total, reason, restarts, lastRestart);
    }

    /// <summary>A sidecar: an init container with restartPolicy Always.</summary>
    private static bool IsRestartable(JsonObject container) => Text(container["restartPolicy"]) == "Always";

    private static DateTimeOffset? Time(JsonNode? timestamp) =>
        Text(timestamp) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private static DateTimeOffset? Later(DateTimeOffset? current, DateTimeOffset? candidate) =>
        candidate is { } value && (current is null || current < value) ? value : current;

    private sealed record PodState(int Ready, int Total, string Reason, long Restarts, DateTimeOffset? LastRestart);
}
