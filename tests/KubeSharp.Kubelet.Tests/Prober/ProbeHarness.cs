using k8s.Models;
using KubeSharp.Kubelet.Prober;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Kubelet.Tests.Prober;

/// <summary>A probe manager on a fake clock, with fake containers and exec answers, recording what it reports.</summary>
internal sealed class ProbeHarness : IDisposable
{
    public const string PodUid = "pod-uid-1";
    public const string Container = "app";

    private readonly Lock _lock = new();
    private readonly Dictionary<ProbeKind, int> _cycles = [];
    private readonly List<LivenessFailure> _failures = [];
    private readonly List<ProbeEvent> _events = [];
    private int _readinessChanges;

    /// <param name="kubeletUptime">How long the kubelet has been up when pods are added; past every period by default, so no start-up jitter.</param>
    public ProbeHarness(TimeSpan? kubeletUptime = null)
    {
        Exec = new FakeExecutor(Changes);
        Manager = new ProbeManager(Targets, Exec, Time, NullLogger.Instance);
        Time.Advance(kubeletUptime ?? TimeSpan.FromMinutes(5));
        Manager.OnCycleCompleted = (_, _, kind) => Record(() => _cycles[kind] = _cycles.GetValueOrDefault(kind) + 1);
        Manager.OnLivenessFailure = failure => Record(() => _failures.Add(failure));
        Manager.OnProbeWarning = probeEvent => Record(() => _events.Add(probeEvent));
        Manager.OnReadinessChanged = _ => Record(() => _readinessChanges++);
    }

    public FakeTimeProvider Time { get; } = new();

    public Changes Changes { get; } = new();

    public FakeTargets Targets { get; } = new();

    public FakeExecutor Exec { get; }

    public ProbeManager Manager { get; }

    public IReadOnlyList<LivenessFailure> Failures => Read<IReadOnlyList<LivenessFailure>>(() => [.. _failures]);

    public IReadOnlyList<ProbeEvent> Events => Read<IReadOnlyList<ProbeEvent>>(() => [.. _events]);

    public int ReadinessChanges => Read(() => _readinessChanges);

    public int Cycles(ProbeKind kind) => Read(() => _cycles.GetValueOrDefault(kind));

    /// <summary>A pod with one container <see cref="Container"/> and the given probes.</summary>
    public static V1Pod Pod(V1Probe? readiness = null, V1Probe? liveness = null, V1Probe? startup = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = PodUid },
        Spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container { Name = Container, Image = "busybox", ReadinessProbe = readiness, LivenessProbe = liveness, StartupProbe = startup },
            ],
        },
    };

    /// <summary>An exec probe running <paramref name="command"/> (the fake answers by it).</summary>
    public static V1Probe ExecProbe(string command, int? successThreshold = null, int? failureThreshold = null, int? initialDelaySeconds = null) => new()
    {
        Exec = new V1ExecAction { Command = [command] },
        SuccessThreshold = successThreshold,
        FailureThreshold = failureThreshold,
        InitialDelaySeconds = initialDelaySeconds,
    };

    public void Run(string containerId) => Targets.Run(PodUid, Container, containerId, Time.GetUtcNow());

    public bool IsReady(string containerId) => Manager.IsReady(PodUid, Container, containerId);

    public bool? IsStarted(string containerId) => Manager.IsStarted(PodUid, Container, containerId);

    public Task CyclesAsync(ProbeKind kind, int count) =>
        Changes.UntilAsync(() => Cycles(kind) >= count, $"{count} {kind} probe cycles (saw {Cycles(kind)})");

    /// <summary>Moves the clock one default period (10 s) and waits for each of <paramref name="kinds"/> to finish its next cycle.</summary>
    public async Task TickAsync(params ProbeKind[] kinds)
    {
        var before = kinds.Select(Cycles).ToArray();
        Time.Advance(TimeSpan.FromSeconds(ProbeSettings.DefaultPeriodSeconds));
        for (var i = 0; i < kinds.Length; i++)
        {
            await CyclesAsync(kinds[i], before[i] + 1);
        }
    }

    public void Dispose() => Manager.Dispose();

    private void Record(Action change)
    {
        lock (_lock)
        {
            change();
        }

        Changes.Pulse();
    }

    private T Read<T>(Func<T> read)
    {
        lock (_lock)
        {
            return read();
        }
    }
}
