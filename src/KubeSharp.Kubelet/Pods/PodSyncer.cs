using System.Collections.Concurrent;
using Grpc.Core;
using k8s.Models;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Images;
using KubeSharp.Kubelet.Network;
using KubeSharp.Kubelet.Pods.Environment;
using KubeSharp.Kubelet.Volumes;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Pods;

/// <summary>
/// Brings one pod's runtime state to its spec (upstream's SyncPod): volumes, the sandbox, init
/// containers one at a time, then the app containers, restarting per restartPolicy with the
/// crash-loop back-off, and restarting containers whose liveness failed or whose spec changed.
/// </summary>
internal sealed partial class PodSyncer(
    CriClient cri,
    RuntimePodReader reader,
    VolumeManager volumes,
    ImagePuller images,
    ContainerKiller killer,
    IPodObjectSource objects,
    NodeContext node,
    KubeletOptions options,
    PodEvents events,
    Func<string, string, string, bool?> isStarted,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan SidecarPoll = TimeSpan.FromMilliseconds(500);

    private readonly RestartBackoff _backoff = new(time);

    /// <summary>Containers whose liveness (or startup) probe failed, by container id, with the message; the next sync restarts them.</summary>
    public ConcurrentDictionary<string, string> FailedLiveness { get; } = new(StringComparer.Ordinal);

    public async Task<PodSyncResult> SyncAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        var uid = pod.Metadata.Uid;
        var waiting = new Dictionary<string, ContainerWaiting>(StringComparer.Ordinal);
        var runtime = await reader.ReadAsync(uid, cancellationToken);

        PodVolumes podVolumes;
        try
        {
            podVolumes = await volumes.SetUpAsync(pod, cancellationToken);
        }
        catch (VolumeSetupException error)
        {
            events.Record(pod, EventTypes.Warning, "FailedMount", error.Message);
            return new PodSyncResult(runtime, waiting, options.SyncFrequency);
        }

        var sandbox = runtime.Sandbox;
        if (sandbox is null || sandbox.State != PodSandboxState.SandboxReady)
        {
            if (sandbox is not null && pod.Spec.RestartPolicy == "Never" && runtime.Containers.Count > 0)
            {
                // As upstream: a Never pod whose sandbox died after its containers ran is not started again.
                await killer.KillPodAsync(pod, runtime, null, cancellationToken);
                return new PodSyncResult(await reader.ReadAsync(uid, cancellationToken), waiting, null) { Failed = true };
            }

            if (sandbox is not null)
            {
                events.Record(pod, EventTypes.Normal, "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.");
                await killer.KillPodAsync(pod, runtime, null, cancellationToken);
            }

            try
            {
                await RunSandboxAsync(pod, sandbox is null ? 0 : sandbox.Attempt + 1, cancellationToken);
            }
            catch (RpcException error)
            {
                var message = $"Failed to create pod sandbox: {error.Status.Detail}";
                events.Record(pod, EventTypes.Warning, "FailedCreatePodSandBox", message);
                LogSandboxFailed(logger, pod.Metadata.NamespaceProperty, pod.Metadata.Name, error.Status.Detail);
                return new PodSyncResult(await reader.ReadAsync(uid, cancellationToken), waiting, TimeSpan.FromSeconds(2));
            }

            runtime = await reader.ReadAsync(uid, cancellationToken);
            sandbox = runtime.Sandbox!;
        }

        var podIps = pod.Spec.HostNetwork == true ? [node.HostIp] : sandbox.Ips;
        var context = new SyncContext(pod, runtime, sandbox, podVolumes, podIps, waiting);
        TimeSpan? retry = null;

        // Init containers run one at a time, in order, each to success, before any app container.
        // Sidecars (restartPolicy Always) are started in their turn and kept running; the next one
        // waits until the sidecar has started (its startup probe, if any, succeeded).
        var initialized = (pod.Spec.Containers ?? []).Any(c => InSandbox(runtime, c.Name, sandbox.Id) is not null);
        foreach (var init in pod.Spec.InitContainers ?? [])
        {
            var current = InSandbox(runtime, init.Name, sandbox.Id);
            if (IsSidecar(init))
            {
                var (wait, after) = await SyncSidecarAsync(context, init, current, cancellationToken);
                retry = Min(retry, after);
                if (wait && !initialized)
                {
                    return Done(context, retry ?? SidecarPoll);
                }

                continue;
            }

            if (current is null)
            {
                retry = Min(retry, await StartAsync(context, init, isInit: true, cancellationToken));
                return Done(context, retry);
            }

            if (current.Running || current.State == ContainerState.ContainerCreated)
            {
                return Done(context, retry);
            }

            if (current.ExitCode == 0)
            {
                continue;
            }

            if (pod.Spec.RestartPolicy == "Never")
            {
                return Done(context, retry) with { Failed = true };
            }

            retry = Min(retry, await RestartAsync(context, init, current, isInit: true, cancellationToken));
            return Done(context, retry);
        }

        foreach (var container in pod.Spec.Containers ?? [])
        {
            var current = InSandbox(runtime, container.Name, sandbox.Id);
            if (current is null)
            {
                retry = Min(retry, await StartAsync(context, container, isInit: false, cancellationToken));
                continue;
            }

            if (current.Running)
            {
                var reason = RestartReason(container, current);
                if (reason is not null)
                {
                    events.Record(pod, EventTypes.Normal, "Killing", reason);
                    await killer.KillContainerAsync(pod, container, current, sandbox.Ip, null, cancellationToken);
                    FailedLiveness.TryRemove(current.Id, out _);
                    var stopped = current with { State = ContainerState.ContainerExited, FinishedAt = time.GetUtcNow() };
                    retry = Min(retry, await RestartAsync(context, container, stopped, isInit: false, cancellationToken));
                }

                continue;
            }

            if (current.State == ContainerState.ContainerCreated)
            {
                continue;
            }

            if (ShouldRestart(pod.Spec.RestartPolicy, current.ExitCode))
            {
                retry = Min(retry, await RestartAsync(context, container, current, isInit: false, cancellationToken));
            }
        }

        return Done(context, retry);
    }

    /// <summary>Keeps a sidecar running; true when the containers after it must still wait for it.</summary>
    private async Task<(bool Wait, TimeSpan? Retry)> SyncSidecarAsync(SyncContext context, V1Container sidecar, RuntimeContainer? current, CancellationToken cancellationToken)
    {
        if (current is null)
        {
            return (true, await StartAsync(context, sidecar, isInit: true, cancellationToken));
        }

        if (current.State == ContainerState.ContainerCreated)
        {
            return (true, null);
        }

        if (current.Running)
        {
            var reason = RestartReason(sidecar, current);
            if (reason is null)
            {
                return (isStarted(context.Pod.Metadata.Uid, sidecar.Name, current.Id) != true, null);
            }

            events.Record(context.Pod, EventTypes.Normal, "Killing", reason);
            await killer.KillContainerAsync(context.Pod, sidecar, current, context.Sandbox.Ip, null, cancellationToken);
            FailedLiveness.TryRemove(current.Id, out _);
            current = current with { State = ContainerState.ContainerExited, FinishedAt = time.GetUtcNow() };
        }

        // A sidecar that ended is always started again, after its back-off.
        return (true, await RestartAsync(context, sidecar, current, isInit: true, cancellationToken));
    }

    internal static bool IsSidecar(V1Container container) => container.RestartPolicy == "Always";

    /// <summary>Forgets what is kept per pod once it is gone.</summary>
    public void Forget(string podUid) => _backoff.Forget(podUid + "/");

    private static PodSyncResult Done(SyncContext context, TimeSpan? retry) => new(context.Runtime, context.Waiting, retry);

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : (a < b ? a : b);

    private static RuntimeContainer? InSandbox(RuntimePod runtime, string name, string sandboxId) => runtime.Containers
        .Where(c => c.Name == name && c.SandboxId == sandboxId)
        .MaxBy(c => (c.Attempt, c.CreatedAt));

    internal static bool ShouldRestart(string? restartPolicy, int exitCode) => restartPolicy switch
    {
        "Never" => false,
        "OnFailure" => exitCode != 0,
        _ => true,
    };

    private string? RestartReason(V1Container container, RuntimeContainer current)
    {
        if (FailedLiveness.TryGetValue(current.Id, out var message))
        {
            return $"Container {container.Name} {message}, will be restarted";
        }

        return current.Hash.Length > 0 && current.Hash != ContainerHash.Of(container)
            ? $"Container {container.Name} definition changed, will be restarted"
            : null;
    }

    private async Task RunSandboxAsync(V1Pod pod, uint attempt, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(PodSandboxConfigBuilder.LogDirectory(pod, options));
        var config = PodSandboxConfigBuilder.Build(pod, attempt, node.DnsFor(pod), options);
        await cri.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config }, cancellationToken: cancellationToken);
    }

    /// <summary>Starts a container that exited, unless it is in its crash-loop back-off; returns when to look again.</summary>
    private async Task<TimeSpan?> RestartAsync(SyncContext context, V1Container container, RuntimeContainer exited, bool isInit, CancellationToken cancellationToken)
    {
        var key = context.Pod.Metadata.Uid + "/" + container.Name;
        var failedAt = exited.FinishedAt ?? time.GetUtcNow();
        var wait = _backoff.Remaining(key, failedAt);
        if (wait > TimeSpan.Zero)
        {
            var message = $"back-off {Seconds(_backoff.Current(key))} restarting failed container={container.Name} pod={context.Pod.Metadata.Name}_{context.Pod.Metadata.NamespaceProperty}({context.Pod.Metadata.Uid})";
            context.Waiting[container.Name] = new ContainerWaiting("CrashLoopBackOff", message);
            events.Record(context.Pod, EventTypes.Warning, "BackOff", "Back-off restarting failed container " + container.Name + " in pod " + context.Pod.Metadata.Name + "_" + context.Pod.Metadata.NamespaceProperty + "(" + context.Pod.Metadata.Uid + ")");
            return wait;
        }

        _backoff.Next(key, failedAt);
        return await StartAsync(context, container, isInit, cancellationToken);
    }

    private static string Seconds(TimeSpan span) => span.TotalMinutes >= 1 && span.TotalSeconds % 60 == 0
        ? $"{span.TotalMinutes:0}m0s"
        : $"{span.TotalSeconds:0}s";

    private async Task<TimeSpan?> StartAsync(SyncContext context, V1Container container, bool isInit, CancellationToken cancellationToken)
    {
        var pod = context.Pod;
        var previous = context.Runtime.Latest(container.Name);
        var attempt = previous is null ? 0u : previous.Attempt + 1;
        try
        {
            var imageRef = await images.EnsureAsync(pod, container, (type, reason, message) => events.Record(pod, type, reason, message), cancellationToken);
            List<KeyValue> env;
            try
            {
                var environment = new EnvironmentContext
                {
                    NodeName = options.NodeName,
                    HostIp = node.HostIp,
                    PodIps = context.PodIps,
                    NodeAllocatableCpu = node.AllocatableCpu,
                    NodeAllocatableMemory = node.AllocatableMemory,
                };
                env = await EnvironmentBuilder.BuildAsync(pod, container, environment, objects, cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException and not RpcException)
            {
                events.Record(pod, EventTypes.Warning, "Failed", "Error: " + error.Message);
                throw new ContainerStartException("CreateContainerConfigError", error.Message, options.SyncFrequency);
            }

            var podDir = Path.Combine(options.PodsDir, pod.Metadata.Uid);
            List<Mount> mounts;
            try
            {
                mounts = ContainerMounts.Build(container, context.Volumes, env);
            }
            catch (ContainerStartException error)
            {
                events.Record(pod, EventTypes.Warning, "Failed", "Error: " + error.Message);
                throw;
            }

            var (terminationMount, terminationLog) = ContainerMounts.TerminationLogMount(container, podDir);
            mounts.Add(terminationMount);
            if (pod.Spec.HostNetwork != true && !mounts.Any(m => m.ContainerPath == "/etc/hosts"))
            {
                var hosts = EtcHosts.PathIn(podDir);
                EtcHosts.Write(hosts, pod, context.PodIps.Count > 0 ? context.PodIps[0] : string.Empty, options.ClusterDomain);
                mounts.Add(new Mount { ContainerPath = "/etc/hosts", HostPath = hosts });
            }

            var config = ContainerConfigBuilder.Build(new ContainerConfigBuilder.Inputs(
                pod, container, isInit, attempt, imageRef, env, mounts, terminationLog, QosClass.Of(pod), node.MemoryCapacity, options.NodeName));
            var sandboxConfig = PodSandboxConfigBuilder.Build(pod, context.Sandbox.Attempt, node.DnsFor(pod), options);
            string id;
            try
            {
                var created = await cri.Runtime.CreateContainerAsync(
                    new CreateContainerRequest { PodSandboxId = context.Sandbox.Id, Config = config, SandboxConfig = sandboxConfig },
                    cancellationToken: cancellationToken);
                id = created.ContainerId;
            }
            catch (RpcException error)
            {
                events.Record(pod, EventTypes.Warning, "Failed", "Error: " + error.Status.Detail);
                throw new ContainerStartException("CreateContainerError", error.Status.Detail, TimeSpan.FromSeconds(2));
            }

            events.Record(pod, EventTypes.Normal, "Created", $"Created container {container.Name}");
            try
            {
                await cri.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id }, cancellationToken: cancellationToken);
            }
            catch (RpcException error)
            {
                events.Record(pod, EventTypes.Warning, "Failed", "Error: " + error.Status.Detail);
                throw new ContainerStartException("RunContainerError", error.Status.Detail, TimeSpan.FromSeconds(2));
            }

            events.Record(pod, EventTypes.Normal, "Started", $"Started container {container.Name}");
            await RemoveOldAttemptsAsync(context.Runtime, container.Name, cancellationToken);
            if (container.Lifecycle?.PostStart is { } postStart)
            {
                var failure = await killer.RunHookAsync(pod, container, id, context.Sandbox.Ip, postStart, TimeSpan.FromSeconds(30), cancellationToken);
                if (failure is not null)
                {
                    events.Record(pod, EventTypes.Warning, "FailedPostStartHook", failure);
                    await cri.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = id, Timeout = TerminationGrace(pod) }, cancellationToken: cancellationToken);
                }
            }

            return null;
        }
        catch (ContainerStartException error)
        {
            context.Waiting[container.Name] = new ContainerWaiting(error.Reason, error.Message);
            return error.RetryAfter ?? options.SyncFrequency;
        }
    }

    /// <summary>Keeps the latest exited attempt of a container (for lastState and --previous logs) and removes older ones.</summary>
    private async Task RemoveOldAttemptsAsync(RuntimePod runtime, string name, CancellationToken cancellationToken)
    {
        foreach (var old in runtime.Containers.Where(c => c.Name == name && !c.Running).OrderByDescending(c => (c.Attempt, c.CreatedAt)).Skip(1))
        {
            try
            {
                await cri.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = old.Id }, cancellationToken: cancellationToken);
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
            {
                // already gone
            }
        }
    }

    private static long TerminationGrace(V1Pod pod) => pod.Spec.TerminationGracePeriodSeconds ?? 30;

    private sealed record SyncContext(
        V1Pod Pod,
        RuntimePod Runtime,
        RuntimeSandbox Sandbox,
        PodVolumes Volumes,
        IReadOnlyList<string> PodIps,
        Dictionary<string, ContainerWaiting> Waiting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod {Namespace}/{Name}: sandbox failed: {Reason}")]
    private static partial void LogSandboxFailed(ILogger logger, string @namespace, string name, string reason);
}
