using System.Threading.Channels;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Prober;

/// <summary>
/// Probes one container with one of its probes, every period, until stopped (upstream's prober worker).
/// It keeps the result for the container's current instance: a new container id starts over from the
/// initial result (readiness: not ready, liveness: alive, startup: unknown) with no run of results counted.
/// A result changes only after successThreshold successes or failureThreshold failures in a row. After a
/// liveness or startup failure the worker holds until the container is replaced.
/// </summary>
internal sealed partial class ProbeWorker
{
    private readonly ProbeManager _manager;
    private readonly IProbeTargets _targets;
    private readonly ProbeRunner _runner;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _podDescription;
    private readonly V1Container _container;
    private readonly V1Probe _probe;
    private readonly ProbeOutcome _initialResult;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Channel<bool> _nudges = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _lock = new();

    // Read by status queries on other threads: guarded by _lock.
    private string? _containerId;
    private ProbeOutcome _result;

    // Used by the probe loop only.
    private ProbeOutcome? _lastResult;
    private int _resultRun;
    private bool _onHold;

    public ProbeWorker(
        ProbeManager manager, IProbeTargets targets, ProbeRunner runner, TimeProvider time, ILogger logger,
        string podUid, string podDescription, V1Container container, ProbeKind kind, V1Probe probe)
    {
        _manager = manager;
        _targets = targets;
        _runner = runner;
        _time = time;
        _logger = logger;
        PodUid = podUid;
        _podDescription = podDescription;
        _container = container;
        Kind = kind;
        _probe = probe;
        Settings = ProbeSettings.From(probe);
        _initialResult = kind switch
        {
            ProbeKind.Readiness => ProbeOutcome.Failure,
            ProbeKind.Liveness => ProbeOutcome.Success,
            _ => ProbeOutcome.Unknown,
        };
        _result = _initialResult;
    }

    public string PodUid { get; }

    public string ContainerName => _container.Name;

    public ProbeKind Kind { get; }

    public ProbeSettings Settings { get; }

    /// <summary>
    /// Starts probing: at once, or after a random part of a period when the kubelet started less than a
    /// period ago and the container already runs, so a restarted kubelet does not probe everything at once.
    /// </summary>
    public void Start(TimeSpan kubeletUptime)
    {
        var token = _stopping.Token;
        var jitter = kubeletUptime < Settings.Period && _targets.TryGetContainer(PodUid, ContainerName, out _)
            ? Settings.Period * Random.Shared.NextDouble()
            : TimeSpan.Zero;

        // Without jitter the timer exists before Start returns, so its ticks count from now.
        var timer = jitter > TimeSpan.Zero ? null : new PeriodicTimer(Settings.Period, _time);
        var delay = jitter > TimeSpan.Zero ? Task.Delay(jitter, _time, token) : Task.CompletedTask;
        _ = Task.Run(() => RunAsync(delay, timer, token), CancellationToken.None);
    }

    public void Stop() => _stopping.Cancel();

    /// <summary>Probes now rather than at the next tick (once, however often asked before it runs).</summary>
    public void Nudge() => _nudges.Writer.TryWrite(true);

    /// <summary>The current result, when it belongs to <paramref name="containerId"/>.</summary>
    public bool TryGetResult(string containerId, out ProbeOutcome result)
    {
        lock (_lock)
        {
            result = _result;
            return string.Equals(_containerId, containerId, StringComparison.Ordinal);
        }
    }

    private async Task RunAsync(Task delay, PeriodicTimer? timer, CancellationToken token)
    {
        try
        {
            await delay;
            timer ??= new PeriodicTimer(Settings.Period, _time);
            Task<bool>? tick = null;
            Task<bool>? nudge = null;
            while (!token.IsCancellationRequested)
            {
                await ProbeOnceAsync(token);
                _manager.CycleCompleted(this);

                // A nudge does not move the ticks, as a manual trigger does not reset upstream's ticker.
                tick ??= timer.WaitForNextTickAsync(token).AsTask();
                nudge ??= _nudges.Reader.WaitToReadAsync(token).AsTask();
                if (await Task.WhenAny(tick, nudge) == tick)
                {
                    await tick;
                    tick = null;
                }
                else
                {
                    await nudge;
                    _nudges.Reader.TryRead(out _);
                    nudge = null;
                }
            }
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            // Stopped, possibly in the middle of a probe.
        }
        finally
        {
            timer?.Dispose();
        }
    }

    private async Task ProbeOnceAsync(CancellationToken token)
    {
        try
        {
            await DoProbeAsync(token);
        }
        catch (Exception error) when (!token.IsCancellationRequested)
        {
            // As upstream, a crash in one probe does not end the worker.
            LogProbeCrashed(Kind, ContainerName, PodUid, error);
        }
    }

    private async Task DoProbeAsync(CancellationToken token)
    {
        if (!_targets.TryGetContainer(PodUid, ContainerName, out var target))
        {
            // Not running: not ready. Liveness and startup wait for the next container.
            if (Kind == ProbeKind.Readiness && HasContainer())
            {
                SetResult(ProbeOutcome.Failure);
            }

            return;
        }

        if (!TryGetResult(target.ContainerId, out _))
        {
            Adopt(target.ContainerId);
        }

        if (_onHold || (int)(_time.GetUtcNow() - target.StartedAt).TotalSeconds < Settings.InitialDelaySeconds)
        {
            return;
        }

        // The startup probe stops once it succeeded; the others start only then.
        var started = _manager.HasStarted(PodUid, ContainerName, target.ContainerId);
        if (Kind == ProbeKind.Startup ? started : !started)
        {
            return;
        }

        var result = await _runner.RunAsync(_probe, _container, _podDescription, target, Settings.Timeout, token);
        switch (result.Outcome)
        {
            case ProbeOutcome.Unknown:
                // Upstream throws the attempt away: it counts neither way.
                Report(ProbeEvent.UnhealthyReason, $"{Kind} probe errored and resulted in unknown state: {result.Message}");
                return;
            case ProbeOutcome.Failure:
                Report(ProbeEvent.UnhealthyReason, $"{Kind} probe failed: {result.Message}");
                break;
            case ProbeOutcome.Warning:
                Report(ProbeEvent.WarningReason, $"{Kind} probe warning: {result.Message}");
                break;
        }

        var outcome = result.Outcome == ProbeOutcome.Failure ? ProbeOutcome.Failure : ProbeOutcome.Success;
        if (_lastResult == outcome)
        {
            _resultRun++;
        }
        else
        {
            _lastResult = outcome;
            _resultRun = 1;
        }

        if (_resultRun < (outcome == ProbeOutcome.Failure ? Settings.FailureThreshold : Settings.SuccessThreshold))
        {
            return;
        }

        SetResult(outcome);
        if (Kind != ProbeKind.Readiness && outcome == ProbeOutcome.Failure)
        {
            // The container will be killed: stop probing it (upstream avoids exec into a dying container).
            _onHold = true;
            _resultRun = 0;
            _manager.Failed(this, target.ContainerId);
        }
    }

    private bool HasContainer()
    {
        lock (_lock)
        {
            return _containerId is not null;
        }
    }

    /// <summary>A new container: its result starts from the initial one, with nothing counted and probing resumed.</summary>
    private void Adopt(string containerId)
    {
        lock (_lock)
        {
            _containerId = containerId;
            _result = _initialResult;
        }

        _lastResult = null;
        _resultRun = 0;
        _onHold = false;
        _manager.ResultChanged(this);
    }

    private void SetResult(ProbeOutcome result)
    {
        lock (_lock)
        {
            if (_result == result)
            {
                return;
            }

            _result = result;
        }

        _manager.ResultChanged(this);
    }

    private void Report(string reason, string message) => _manager.Report(new ProbeEvent(PodUid, ContainerName, Kind, reason, message));

    [LoggerMessage(Level = LogLevel.Error, Message = "prober: {Kind} probe of container {Container} in pod {PodUid} crashed")]
    private partial void LogProbeCrashed(ProbeKind kind, string container, string podUid, Exception error);
}
