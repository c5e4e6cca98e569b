using System.Text;
using k8s.Models;
using KubeSharp.Kubelet.Pods;

namespace KubeSharp.Kubelet.Status;

/// <summary>
/// The pod status the kubelet reports, from what the runtime holds (upstream's generateAPIPodStatus
/// and getPhase): container states with last states and restart counts, readiness from the
/// probers, conditions, phase, addresses and QoS class.
/// </summary>
internal static class PodStatusBuilder
{
    private const int MaxTerminationMessage = 4096;

    public sealed record Inputs(
        V1Pod Pod,
        PodSyncResult Sync,
        Func<string, string, bool> IsReady,
        Func<string, string, bool> IsStarted,
        string HostIp,
        DateTime Now,
        bool Terminal);

    public static V1PodStatus Build(Inputs inputs)
    {
        var pod = inputs.Pod;
        var old = pod.Status ?? new V1PodStatus();
        var runtime = inputs.Sync.Runtime;
        var initStatuses = new List<V1ContainerStatus>();
        var initPending = false;
        var sidecars = (pod.Spec.InitContainers ?? []).Where(PodSyncer.IsSidecar).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var appsStarted = (pod.Spec.Containers ?? []).Any(c => runtime.Latest(c.Name) is not null);
        foreach (var init in pod.Spec.InitContainers ?? [])
        {
            var initStatus = ContainerStatus(init, runtime, inputs, initPending ? "PodInitializing" : "ContainerCreating");
            initStatuses.Add(initStatus);
            if (!InitDone(initStatus, sidecars, appsStarted))
            {
                initPending = true;
            }
        }

        var statuses = (pod.Spec.Containers ?? [])
            .Select(c => ContainerStatus(c, runtime, inputs, initPending ? "PodInitializing" : "ContainerCreating"))
            .ToList();
        var phase = inputs.Sync.Failed ? "Failed" : Phase(pod.Spec, [.. initStatuses.Where(s => !sidecars.Contains(s.Name))], statuses, inputs.Terminal);
        var sandbox = runtime.Sandbox;
        var podIps = pod.Spec.HostNetwork == true ? [inputs.HostIp] : sandbox?.Ips ?? [];
        var status = new V1PodStatus
        {
            Phase = phase,
            HostIP = inputs.HostIp,
            HostIPs = [new V1HostIP { Ip = inputs.HostIp }],
            PodIP = podIps.Count > 0 ? podIps[0] : old.PodIP,
            PodIPs = podIps.Count > 0 ? [.. podIps.Select(ip => new V1PodIP { Ip = ip })] : old.PodIPs,
            StartTime = old.StartTime ?? inputs.Now,
            QosClass = QosClass.Of(pod),
            InitContainerStatuses = initStatuses.Count > 0 ? initStatuses : null,
            ContainerStatuses = statuses,
            Conditions = Conditions(pod, old, sandbox is { State: Cri.V1.PodSandboxState.SandboxReady }, initStatuses, statuses, phase, inputs.Now, s => InitDone(s, sidecars, appsStarted)),
        };
        return status;
    }

    private static V1ContainerStatus ContainerStatus(V1Container container, RuntimePod runtime, Inputs inputs, string defaultWaiting)
    {
        var latest = runtime.Latest(container.Name);
        var previous = runtime.Previous(container.Name);
        var status = new V1ContainerStatus
        {
            Name = container.Name,
            Image = container.Image,
            ImageID = latest?.ImageRef ?? string.Empty,
            ContainerID = latest is null ? null : "containerd://" + latest.Id,
            RestartCount = latest?.RestartCount ?? 0,
            Ready = false,
            Started = false,
        };
        inputs.Sync.Waiting.TryGetValue(container.Name, out var waiting);
        if (latest is null || latest.State == Cri.V1.ContainerState.ContainerCreated)
        {
            status.State = Waiting(waiting.Reason ?? defaultWaiting, waiting.Message);
            if (previous is not null && previous.Exited)
            {
                status.LastState = new V1ContainerState { Terminated = Terminated(previous) };
            }

            return status;
        }

        if (latest.Running)
        {
            status.State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = latest.StartedAt?.UtcDateTime } };
            status.Ready = inputs.IsReady(container.Name, latest.Id);
            status.Started = inputs.IsStarted(container.Name, latest.Id);
            if (previous is { Exited: true })
            {
                status.LastState = new V1ContainerState { Terminated = Terminated(previous) };
            }

            return status;
        }

        if (waiting.Reason is not null)
        {
            // Exited and waiting to restart (CrashLoopBackOff): its end is the last state.
            status.State = Waiting(waiting.Reason, waiting.Message);
            status.LastState = new V1ContainerState { Terminated = Terminated(latest) };
            return status;
        }

        status.State = new V1ContainerState { Terminated = Terminated(latest) };
        if (previous is { Exited: true })
        {
            status.LastState = new V1ContainerState { Terminated = Terminated(previous) };
        }

        return status;
    }

    /// <summary>An init container is done once it succeeded; a sidecar once it runs and has started, or once the app containers have.</summary>
    private static bool InitDone(V1ContainerStatus status, HashSet<string> sidecars, bool appsStarted) =>
        sidecars.Contains(status.Name)
            ? appsStarted || (status.State?.Running is not null && status.Started == true)
            : status.State?.Terminated is { ExitCode: 0 };

    private static V1ContainerState Waiting(string reason, string? message) =>
        new() { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = string.IsNullOrEmpty(message) ? null : message } };

    private static V1ContainerStateTerminated Terminated(RuntimeContainer container) => new()
    {
        ExitCode = container.ExitCode,
        Reason = string.IsNullOrEmpty(container.Reason) ? (container.ExitCode == 0 ? "Completed" : "Error") : container.Reason,
        Message = TerminationMessage(container),
        StartedAt = container.StartedAt?.UtcDateTime,
        FinishedAt = container.FinishedAt?.UtcDateTime,
        ContainerID = "containerd://" + container.Id,
    };

    /// <summary>The container's termination-message file, else the runtime's message.</summary>
    private static string? TerminationMessage(RuntimeContainer container)
    {
        if (container.TerminationLogPath is { Length: > 0 } path && File.Exists(path))
        {
            try
            {
                using var file = File.OpenRead(path);
                var buffer = new byte[MaxTerminationMessage];
                var read = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
                if (read > 0)
                {
                    return Encoding.UTF8.GetString(buffer, 0, read);
                }
            }
            catch (IOException)
            {
                // the pod directory is being removed
            }
        }

        return string.IsNullOrEmpty(container.Message) ? null : container.Message;
    }

    internal static string Phase(V1PodSpec spec, IReadOnlyList<V1ContainerStatus> init, IReadOnlyList<V1ContainerStatus> containers, bool terminal)
    {
        int pendingInit = 0, failedInit = 0;
        foreach (var status in init)
        {
            var state = status.State;
            if (state?.Running is not null)
            {
                pendingInit++;
            }
            else if (state?.Terminated is { } terminated)
            {
                failedInit += terminated.ExitCode != 0 ? 1 : 0;
            }
            else if (status.LastState?.Terminated is { } last)
            {
                failedInit += last.ExitCode != 0 ? 1 : 0;
            }
            else
            {
                pendingInit++;
            }
        }

        int running = 0, waiting = 0, stopped = 0, succeeded = 0;
        foreach (var status in containers)
        {
            var state = status.State;
            if (state?.Running is not null)
            {
                running++;
            }
            else if (state?.Terminated is { } terminated)
            {
                stopped++;
                succeeded += terminated.ExitCode == 0 ? 1 : 0;
            }
            else if (status.LastState?.Terminated is not null)
            {
                stopped++;
            }
            else
            {
                waiting++;
            }
        }

        if (failedInit > 0 && spec.RestartPolicy == "Never")
        {
            return "Failed";
        }

        if (pendingInit > 0 || waiting > 0)
        {
            return "Pending";
        }

        if (running > 0)
        {
            return "Running";
        }

        if (stopped > 0)
        {
            if (terminal)
            {
                return stopped == succeeded ? "Succeeded" : "Failed";
            }

            if (spec.RestartPolicy is "Always" or null)
            {
                return "Running";
            }

            if (stopped == succeeded)
            {
                return "Succeeded";
            }

            return spec.RestartPolicy == "Never" ? "Failed" : "Running";
        }

        return "Pending";
    }

    private static List<V1PodCondition> Conditions(
        V1Pod pod, V1PodStatus old, bool sandboxReady, List<V1ContainerStatus> init, List<V1ContainerStatus> containers, string phase, DateTime now,
        Func<V1ContainerStatus, bool> initDone)
    {
        var conditions = new List<V1PodCondition>();
        conditions.Add(Condition(old, "PodReadyToStartContainers", sandboxReady, null, null, now));

        var incomplete = init.Where(s => !initDone(s)).Select(s => s.Name).ToList();
        conditions.Add(incomplete.Count == 0
            ? Condition(old, "Initialized", true, null, null, now)
            : Condition(old, "Initialized", false, "ContainersNotInitialized", $"containers with incomplete status: [{string.Join(" ", incomplete)}]", now));

        var unready = containers.Where(s => !s.Ready).Select(s => s.Name).ToList();
        var completed = phase == "Succeeded";
        var gates = (pod.Spec.ReadinessGates ?? [])
            .Where(g => old.Conditions?.FirstOrDefault(c => c.Type == g.ConditionType)?.Status != "True")
            .Select(g => g.ConditionType)
            .ToList();
        if (completed)
        {
            conditions.Add(Condition(old, "Ready", false, "PodCompleted", null, now));
            conditions.Add(Condition(old, "ContainersReady", false, "PodCompleted", null, now));
        }
        else if (unready.Count > 0)
        {
            var message = $"containers with unready status: [{string.Join(" ", unready)}]";
            conditions.Add(Condition(old, "Ready", false, "ContainersNotReady", message, now));
            conditions.Add(Condition(old, "ContainersReady", false, "ContainersNotReady", message, now));
        }
        else
        {
            conditions.Add(gates.Count > 0
                ? Condition(old, "Ready", false, "ReadinessGatesNotReady", $"corresponding condition of pod readiness gate \"{gates[0]}\" does not exist.", now)
                : Condition(old, "Ready", true, null, null, now));
            conditions.Add(Condition(old, "ContainersReady", true, null, null, now));
        }

        // Conditions other components own (PodScheduled, readiness gates, DisruptionTarget) are kept as they are.
        foreach (var other in old.Conditions ?? [])
        {
            if (!conditions.Any(c => c.Type == other.Type))
            {
                conditions.Add(other);
            }
        }

        return conditions;
    }

    private static V1PodCondition Condition(V1PodStatus old, string type, bool value, string? reason, string? message, DateTime now)
    {
        var status = value ? "True" : "False";
        var previous = old.Conditions?.FirstOrDefault(c => c.Type == type);
        return new V1PodCondition
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            LastProbeTime = null,
            LastTransitionTime = previous?.Status == status ? previous.LastTransitionTime ?? now : now,
        };
    }
}
