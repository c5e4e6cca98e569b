using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace KubeSharp.Simulator.Pods;

/// <summary>
/// The pod statuses a kubelet would post, as merge patches of status (fields not named, such as
/// qosClass, are kept): Running with every container started and ready, and Succeeded or Failed
/// with every container terminated.
/// </summary>
internal static class PodStatuses
{
    public static string RunningPatch(V1Pod pod, string hostIp, string podIp, DateTimeOffset now)
    {
        var at = Timestamps.Seconds(now);
        var uid = pod.Metadata.Uid;
        var status = new V1PodStatus
        {
            Phase = "Running",
            Conditions = Conditions(pod, running: true, at),
            HostIP = hostIp,
            HostIPs = [new V1HostIP { Ip = hostIp }],
            PodIP = podIp,
            PodIPs = [new V1PodIP { Ip = podIp }],
            StartTime = pod.Status?.StartTime ?? at,
            InitContainerStatuses = pod.Spec.InitContainers is { Count: > 0 } init ? [.. init.Select(c => InitContainer(c, uid, at))] : null,
            ContainerStatuses = [.. (pod.Spec.Containers ?? []).Select(c => Running(c, uid, at))],
        };
        return Patch(uid, status);
    }

    public static string TerminatedPatch(V1Pod pod, int exitCode, DateTimeOffset now)
    {
        var at = Timestamps.Seconds(now);
        var uid = pod.Metadata.Uid;
        var reason = exitCode == 0 ? "Completed" : "Error";
        var status = new V1PodStatus
        {
            Phase = exitCode == 0 ? "Succeeded" : "Failed",
            Conditions = Conditions(pod, running: false, at),
            ContainerStatuses = [.. (pod.Spec.Containers ?? []).Select(c => Terminated(pod, c, exitCode, reason, at))],
        };
        return Patch(uid, status);
    }

    public static string ImageId(string? image) => "sim://" + image;

    public static string ContainerId(string uid, string name) => $"sim://{uid}/{name}";

    /// <summary>Upstream's five pod conditions; a time is kept where the status did not change.</summary>
    private static List<V1PodCondition> Conditions(V1Pod pod, bool running, DateTime at)
    {
        var state = running ? "True" : "False";
        var finished = running ? null : "PodCompleted";
        return
        [
            Condition(pod, "PodReadyToStartContainers", state, null, at),
            Condition(pod, "Initialized", "True", null, at),
            Condition(pod, "Ready", state, finished, at),
            Condition(pod, "ContainersReady", state, finished, at),
            Condition(pod, "PodScheduled", "True", null, at),
        ];
    }

    private static V1PodCondition Condition(V1Pod pod, string type, string status, string? reason, DateTime at)
    {
        var existing = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == type);
        return new V1PodCondition
        {
            Type = type,
            Status = status,
            Reason = reason,
            LastTransitionTime = existing is not null && existing.Status == status && existing.LastTransitionTime is { } since ? since : at,
        };
    }

    private static V1ContainerStatus Running(V1Container container, string uid, DateTime at) => new()
    {
        Name = container.Name,
        Image = container.Image,
        ImageID = ImageId(container.Image),
        ContainerID = ContainerId(uid, container.Name),
        Ready = true,
        Started = true,
        RestartCount = 0,
        State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = at } },
    };

    /// <summary>An init container has run to completion by the time the pod runs, except a sidecar (restartPolicy Always), which keeps running.</summary>
    private static V1ContainerStatus InitContainer(V1Container container, string uid, DateTime at) =>
        container.RestartPolicy == "Always"
            ? Running(container, uid, at)
            : new V1ContainerStatus
            {
                Name = container.Name,
                Image = container.Image,
                ImageID = ImageId(container.Image),
                ContainerID = ContainerId(uid, container.Name),
                Ready = true,
                Started = false,
                RestartCount = 0,
                State = new V1ContainerState
                {
                    Terminated = new V1ContainerStateTerminated
                    {
                        ExitCode = 0,
                        Reason = "Completed",
                        StartedAt = at,
                        FinishedAt = at,
                        ContainerID = ContainerId(uid, container.Name),
                    },
                },
            };

    private static V1ContainerStatus Terminated(V1Pod pod, V1Container container, int exitCode, string reason, DateTime at)
    {
        var startedAt = pod.Status?.ContainerStatuses?.FirstOrDefault(s => s.Name == container.Name)?.State?.Running?.StartedAt ?? at;
        return new V1ContainerStatus
        {
            Name = container.Name,
            Image = container.Image,
            ImageID = ImageId(container.Image),
            ContainerID = ContainerId(pod.Metadata.Uid, container.Name),
            Ready = false,
            Started = false,
            RestartCount = 0,
            State = new V1ContainerState
            {
                Terminated = new V1ContainerStateTerminated
                {
                    ExitCode = exitCode,
                    Reason = reason,
                    StartedAt = startedAt,
                    FinishedAt = at,
                    ContainerID = ContainerId(pod.Metadata.Uid, container.Name),
                },
            },
        };
    }

    /// <summary>
    /// The status, plus the uid the simulator acted on: a real API server refuses the patch if the
    /// name now belongs to a new pod (uid is immutable) rather than giving it this pod's status.
    /// </summary>
    private static string Patch(string uid, V1PodStatus status) => new JsonObject
    {
        ["metadata"] = new JsonObject { ["uid"] = uid },
        ["status"] = JsonNode.Parse(KubernetesJson.Serialize(status)),
    }.ToJsonString();
}
