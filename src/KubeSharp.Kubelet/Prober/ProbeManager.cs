using k8s.Models;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Prober;

/// <summary>
/// The kubelet's prober (upstream's pkg/kubelet/prober manager): one worker per container and probe
/// (startup, readiness, liveness) of each pod added, regular containers and restartable init
/// containers alike. It answers whether a container is started and ready, and tells the kubelet when a
/// container must be restarted (<see cref="OnLivenessFailure"/>), when readiness may have changed
/// (<see cref="OnReadinessChanged"/>) and what to record as events (<see cref="OnProbeWarning"/>).
/// Callbacks run on the probe workers' threads.
/// </summary>
internal sealed partial class ProbeManager : IDisposable
{
    private readonly IProbeTargets _targets;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpProber _http;
    private readonly ProbeRunner _runner;
    private readonly DateTimeOffset _startedAt;
    private readonly Dictionary<WorkerKey, ProbeWorker> _workers = [];
    private readonly Lock _lock = new();

    public ProbeManager(IProbeTargets targets, IProbeExecutor exec, TimeProvider time, ILogger logger)
    {
        _targets = targets;
        _time = time;
        _logger = logger;
        _http = new HttpProber(time);
        _runner = new ProbeRunner(exec, _http, new TcpProber(time));
        _startedAt = time.GetUtcNow();
    }

    /// <summary>A liveness or startup probe failed past its threshold: the container must be killed (and restarted per the pod's policy).</summary>
    public Action<LivenessFailure>? OnLivenessFailure { get; set; }

    /// <summary>A container of the pod (by uid) may have changed its readiness or started state: its status is worth updating.</summary>
    public Action<string>? OnReadinessChanged { get; set; }

    /// <summary>A probe attempt failed, could not run or ended with a warning: a Warning event on the pod, with <see cref="ProbeEvent.Reason"/>.</summary>
    public Action<ProbeEvent>? OnProbeWarning { get; set; }

    /// <summary>For tests: a worker finished a probe cycle (pod uid, container, probe), whether it probed or not.</summary>
    internal Action<string, string, ProbeKind>? OnCycleCompleted { get; set; }

    /// <summary>Starts the workers of the pod's probes; probes already running are left as they are, so this may be called on every sync.</summary>
    public void AddPod(V1Pod pod)
    {
        var uid = pod.Metadata?.Uid;
        if (string.IsNullOrEmpty(uid) || pod.Spec is null)
        {
            return;
        }

        var description = $"{pod.Metadata?.Name}_{pod.Metadata?.NamespaceProperty}({uid})";
        var started = new List<ProbeWorker>();
        lock (_lock)
        {
            foreach (var container in ProbedContainers(pod.Spec))
            {
                AddWorker(started, uid, description, container, ProbeKind.Startup, container.StartupProbe);
                AddWorker(started, uid, description, container, ProbeKind.Readiness, container.ReadinessProbe);
                AddWorker(started, uid, description, container, ProbeKind.Liveness, container.LivenessProbe);
            }
        }

        // Outside the lock: starting asks the pod workers whether the container runs, and they may be asking us.
        var uptime = _time.GetUtcNow() - _startedAt;
        foreach (var worker in started)
        {
            worker.Start(uptime);
        }
    }

    /// <summary>Stops the pod's workers and forgets their results.</summary>
    public void RemovePod(string podUid)
    {
        List<ProbeWorker> removed;
        lock (_lock)
        {
            removed = [.. _workers.Where(entry => entry.Key.PodUid == podUid).Select(entry => entry.Value)];
            foreach (var worker in removed)
            {
                _workers.Remove(new WorkerKey(podUid, worker.ContainerName, worker.Kind));
            }
        }

        foreach (var worker in removed)
        {
            worker.Stop();
        }
    }

    /// <summary>
    /// Whether the running container <paramref name="containerId"/> is ready: started, and either without a
    /// readiness probe or with its last readiness result a success. A container not ready yet is probed at
    /// once rather than at its next period, as upstream's status update triggers it.
    /// </summary>
    public bool IsReady(string podUid, string containerName, string containerId)
    {
        if (IsStarted(podUid, containerName, containerId) != true)
        {
            return false;
        }

        var worker = Find(podUid, containerName, ProbeKind.Readiness);
        if (worker is null || (worker.TryGetResult(containerId, out var result) && result == ProbeOutcome.Success))
        {
            return true;
        }

        worker.Nudge();
        return false;
    }

    /// <summary>
    /// Whether the container <paramref name="containerId"/> has started: true without a startup probe or once
    /// it succeeded; null when that container is not the one running (upstream reports such a container as not started).
    /// </summary>
    public bool? IsStarted(string podUid, string containerName, string containerId)
    {
        if (!_targets.TryGetContainer(podUid, containerName, out var target) || !string.Equals(target.ContainerId, containerId, StringComparison.Ordinal))
        {
            return null;
        }

        return HasStarted(podUid, containerName, containerId);
    }

    public void Dispose()
    {
        List<ProbeWorker> all;
        lock (_lock)
        {
            all = [.. _workers.Values];
            _workers.Clear();
        }

        foreach (var worker in all)
        {
            worker.Stop();
        }

        _http.Dispose();
    }

    /// <summary>The startup state alone, for workers gating their probes: true when there is no startup probe or it succeeded for this container.</summary>
    internal bool HasStarted(string podUid, string containerName, string containerId)
    {
        var worker = Find(podUid, containerName, ProbeKind.Startup);
        return worker is null || (worker.TryGetResult(containerId, out var result) && result == ProbeOutcome.Success);
    }

    internal void ResultChanged(ProbeWorker worker)
    {
        // Readiness decides Ready, and startup gates it; liveness shows only through OnLivenessFailure.
        if (worker.Kind != ProbeKind.Liveness)
        {
            OnReadinessChanged?.Invoke(worker.PodUid);
        }
    }

    internal void Failed(ProbeWorker worker, string containerId)
    {
        var threshold = worker.Settings.FailureThreshold;
        LogFailed(worker.Kind, worker.ContainerName, worker.PodUid, threshold);
        var message = worker.Kind == ProbeKind.Startup ? "failed startup probe" : "failed liveness probe";
        OnLivenessFailure?.Invoke(new LivenessFailure(worker.PodUid, worker.ContainerName, containerId, worker.Kind, message));
    }

    internal void Report(ProbeEvent probeEvent)
    {
        LogProbeEvent(probeEvent.PodUid, probeEvent.ContainerName, probeEvent.Message);
        OnProbeWarning?.Invoke(probeEvent);
    }

    internal void CycleCompleted(ProbeWorker worker) => OnCycleCompleted?.Invoke(worker.PodUid, worker.ContainerName, worker.Kind);

    private static IEnumerable<V1Container> ProbedContainers(V1PodSpec spec) =>
        (spec.Containers ?? []).Concat((spec.InitContainers ?? []).Where(c => c.RestartPolicy == "Always"));

    private void AddWorker(List<ProbeWorker> started, string podUid, string description, V1Container container, ProbeKind kind, V1Probe? probe)
    {
        var key = new WorkerKey(podUid, container.Name, kind);
        if (probe is null || _workers.ContainsKey(key))
        {
            return;
        }

        var worker = new ProbeWorker(this, _targets, _runner, _time, _logger, podUid, description, container, kind, probe);
        _workers[key] = worker;
        started.Add(worker);
    }

    private ProbeWorker? Find(string podUid, string containerName, ProbeKind kind)
    {
        lock (_lock)
        {
            return _workers.GetValueOrDefault(new WorkerKey(podUid, containerName, kind));
        }
    }

    private readonly record struct WorkerKey(string PodUid, string ContainerName, ProbeKind Kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "prober: {Kind} probe of container {Container} in pod {PodUid} failed {Threshold} times in a row; the container must be restarted")]
    private partial void LogFailed(ProbeKind kind, string container, string podUid, int threshold);

    [LoggerMessage(Level = LogLevel.Debug, Message = "prober: pod {PodUid} container {Container}: {Message}")]
    private partial void LogProbeEvent(string podUid, string container, string message);
}
