using System.Collections.Concurrent;
using Grpc.Core;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Prober;
using KubeSharp.Kubelet.Status;
using KubeSharp.Kubelet.Volumes;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Pods;

/// <summary>
/// One worker per pod (upstream's pod workers): each pod's syncs run one at a time, on every change
/// of the pod, every container event the relister sees, probe results, and a periodic resync.
/// A pod marked for deletion is stopped within its grace period, its final status sent, then it is
/// deleted from the API and its containers, sandbox and volumes removed.
/// </summary>
internal sealed partial class PodWorkers : IProbeTargets
{
    private static readonly TimeSpan ErrorRetry = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, Worker> _workers = new(StringComparer.Ordinal);
    private readonly CriClient _cri;
    private readonly PodSyncer _syncer;
    private readonly ContainerKiller _killer;
    private readonly RuntimePodReader _reader;
    private readonly StatusManager _status;
    private readonly ProbeManager _probes;
    private readonly VolumeManager _volumes;
    private readonly IKubernetes _client;
    private readonly NodeContext _node;
    private readonly KubeletOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;

    public PodWorkers(
        CriClient cri, PodSyncer syncer, ContainerKiller killer, RuntimePodReader reader, StatusManager status, ProbeManager probes,
        VolumeManager volumes, IKubernetes client, NodeContext node, KubeletOptions options, TimeProvider time, ILogger logger, CancellationToken stopping)
    {
        _cri = cri;
        _syncer = syncer;
        _killer = killer;
        _reader = reader;
        _status = status;
        _probes = probes;
        _volumes = volumes;
        _client = client;
        _node = node;
        _options = options;
        _time = time;
        _logger = logger;
        _stopping = stopping;
    }

    /// <summary>The uids of the pods that have a worker (the housekeeping leaves their sandboxes alone).</summary>
    public bool Has(string uid) => _workers.ContainsKey(uid);

    public void Update(V1Pod pod)
    {
        var worker = _workers.GetOrAdd(pod.Metadata.Uid, uid => Start(uid, pod));
        worker.Pod = pod;
        worker.Wake();
    }

    /// <summary>The pod is gone from the API (deleted at once, or after we stopped it): stop and clean up.</summary>
    public void Delete(V1Pod pod)
    {
        if (_workers.TryGetValue(pod.Metadata.Uid, out var worker))
        {
            worker.Removed = true;
            worker.Wake();
        }
    }

    /// <summary>The newest version of every pod this node runs.</summary>
    public IReadOnlyList<V1Pod> All() => [.. _workers.Values.Where(w => !w.Removed).Select(w => w.Pod)];

    /// <summary>The newest version of a pod this node runs.</summary>
    public V1Pod? Get(string uid) => _workers.TryGetValue(uid, out var worker) ? worker.Pod : null;

    public void Wake(string uid)
    {
        if (_workers.TryGetValue(uid, out var worker))
        {
            worker.Wake();
        }
    }

    public async Task StopAsync()
    {
        await Task.WhenAll(_workers.Values.Select(w => w.Loop));
    }

    public bool TryGetContainer(string podUid, string containerName, out ProbeTarget target)
    {
        target = default;
        if (!_workers.TryGetValue(podUid, out var worker) || worker.LastRuntime is not { } runtime)
        {
            return false;
        }

        var container = runtime.Latest(containerName);
        if (container is not { Running: true })
        {
            return false;
        }

        target = new ProbeTarget(container.Id, container.StartedAt ?? container.CreatedAt, runtime.Sandbox?.Ip ?? _node.HostIp, container.RestartCount);
        return true;
    }

    private Worker Start(string uid, V1Pod pod)
    {
        var worker = new Worker(uid, pod);
        worker.Loop = Task.Run(() => RunAsync(worker));
        return worker;
    }

    private async Task RunAsync(Worker worker)
    {
        var probed = false;
        while (!_stopping.IsCancellationRequested)
        {
            var pod = worker.Pod;
            TimeSpan? next = _options.SyncFrequency;
            try
            {
                if (worker.Removed || pod.Metadata.DeletionTimestamp is not null)
                {
                    if (await TerminateAsync(worker, pod))
                    {
                        _workers.TryRemove(worker.Uid, out _);
                        return;
                    }

                    next = ErrorRetry;
                }
                else if (worker.Terminal || pod.Status?.Phase is "Succeeded" or "Failed")
                {
                    // Ended pods keep their containers (for logs) but not their sandbox (its IP goes back).
                    worker.Terminal = true;
                    var runtime = await _reader.ReadAsync(worker.Uid, _stopping);
                    worker.LastRuntime = runtime;
                    if (runtime.Sandboxes.Any(s => s.State == PodSandboxState.SandboxReady) || runtime.HasRunningContainers)
                    {
                        await _killer.KillPodAsync(pod, runtime, null, _stopping);

                        // What was stopped (sidecars, the sandbox) shows in the final status.
                        runtime = await _reader.ReadAsync(worker.Uid, _stopping);
                        worker.LastRuntime = runtime;
                        _status.SetStatus(pod, BuildStatus(pod, new PodSyncResult(runtime, new Dictionary<string, ContainerWaiting>(), null), terminal: true));
                    }

                    next = null;
                }
                else
                {
                    var result = await _syncer.SyncAsync(pod, _stopping);
                    worker.LastRuntime = result.Runtime;
                    if (!probed)
                    {
                        _probes.AddPod(pod);
                        probed = true;
                    }

                    var status = BuildStatus(pod, result, terminal: false);
                    _status.SetStatus(pod, status);
                    if (status.Phase is "Succeeded" or "Failed")
                    {
                        worker.Terminal = true;
                        worker.Wake();
                    }

                    next = result.RetryAfter is { } retry && retry < _options.SyncFrequency ? retry : _options.SyncFrequency;
                }
            }
            catch (Exception error) when (_stopping.IsCancellationRequested && error is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
            {
                return;
            }
            catch (Exception error) when (error is RpcException or HttpOperationException or HttpRequestException or IOException or UnauthorizedAccessException)
            {
                LogSyncFailed(_logger, pod.Metadata.NamespaceProperty, pod.Metadata.Name, error.Message);
                next = ErrorRetry;
            }

            try
            {
                await worker.WaitAsync(next, _time, _stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private V1PodStatus BuildStatus(V1Pod pod, PodSyncResult result, bool terminal) =>
        PodStatusBuilder.Build(new PodStatusBuilder.Inputs(
            pod,
            result,
            (name, id) => _probes.IsReady(pod.Metadata.Uid, name, id),
            (name, id) => _probes.IsStarted(pod.Metadata.Uid, name, id) ?? false,
            _node.HostIp,
            _time.GetUtcNow().UtcDateTime,
            terminal));

    /// <summary>Stops the pod, reports its final status, deletes it from the API and cleans up; true when done.</summary>
    private async Task<bool> TerminateAsync(Worker worker, V1Pod pod)
    {
        var runtime = await _reader.ReadAsync(worker.Uid, _stopping);
        if (runtime.HasRunningContainers || runtime.Sandboxes.Any(s => s.State == PodSandboxState.SandboxReady))
        {
            LogTerminating(_logger, pod.Metadata.NamespaceProperty, pod.Metadata.Name);
            await _killer.KillPodAsync(pod, runtime, null, _stopping);
            runtime = await _reader.ReadAsync(worker.Uid, _stopping);
        }

        _probes.RemovePod(worker.Uid);
        if (!worker.Removed)
        {
            var status = BuildStatus(pod, new PodSyncResult(runtime, new Dictionary<string, ContainerWaiting>(), null), terminal: true);
            _status.SetStatus(pod, status);
            await _status.SyncNowAsync(worker.Uid, _stopping);
            try
            {
                // The kubelet has the last word on a pod it ran: once stopped, it removes it at once.
                await _client.CoreV1.DeleteNamespacedPodAsync(
                    pod.Metadata.Name,
                    pod.Metadata.NamespaceProperty,
                    new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = worker.Uid } },
                    cancellationToken: _stopping);
            }
            catch (HttpOperationException error) when (error.Response.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
            {
                // already gone, or a new pod of the same name
            }
        }

        await RemoveAsync(worker.Uid, runtime);
        _status.Forget(worker.Uid);
        _syncer.Forget(worker.Uid);
        return true;
    }

    /// <summary>Removes a stopped pod's containers, sandboxes, volumes, logs and cgroup.</summary>
    internal async Task RemoveAsync(string uid, RuntimePod runtime)
    {
        foreach (var sandbox in runtime.Sandboxes)
        {
            try
            {
                await _cri.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = sandbox.Id }, cancellationToken: _stopping);
                await _cri.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = sandbox.Id }, cancellationToken: _stopping);
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
            {
                // already gone
            }
        }

        await _volumes.TearDownAsync(uid, _stopping);
        PodCgroups.Remove(PodSandboxConfigBuilder.CgroupParent(uid, _options));
        foreach (var logs in Directory.Exists(_options.PodLogsDir) ? Directory.GetDirectories(_options.PodLogsDir, "*_" + uid) : [])
        {
            Directory.Delete(logs, recursive: true);
        }
    }

    private sealed class Worker(string uid, V1Pod pod)
    {
        private readonly SemaphoreSlim _signal = new(0);

        public string Uid { get; } = uid;

        public volatile V1Pod Pod = pod;

        public volatile bool Removed;

        public volatile bool Terminal;

        public volatile RuntimePod? LastRuntime;

        public Task Loop { get; set; } = Task.CompletedTask;

        public void Wake()
        {
            // One pending wake-up is enough: the loop always reads the newest pod.
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }

        public async Task WaitAsync(TimeSpan? timeout, TimeProvider time, CancellationToken cancellationToken)
        {
            if (timeout is null)
            {
                await _signal.WaitAsync(cancellationToken);
                return;
            }

            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(timeout.Value, time, bounded.Token);
            var signalled = _signal.WaitAsync(bounded.Token);
            await Task.WhenAny(delay, signalled);
            bounded.Cancel();
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await signalled;
            }
            catch (OperationCanceledException)
            {
                // timed out: the semaphore was not taken
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod {Namespace}/{Name}: sync failed, retrying: {Reason}")]
    private static partial void LogSyncFailed(ILogger logger, string @namespace, string name, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "pod {Namespace}/{Name}: stopping")]
    private static partial void LogTerminating(ILogger logger, string @namespace, string name);
}
