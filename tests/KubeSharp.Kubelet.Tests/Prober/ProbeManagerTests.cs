using k8s.Models;
using KubeSharp.Kubelet.Prober;
using static KubeSharp.Kubelet.Tests.Prober.ProbeHarness;

namespace KubeSharp.Kubelet.Tests.Prober;

public sealed class ProbeManagerTests
{
    [Fact]
    public async Task A_liveness_probe_asks_for_a_restart_at_its_failure_threshold_then_holds()
    {
        using var h = new ProbeHarness();
        h.Exec.Answer("alive", ProbeResult.Failure("boom"));
        h.Run("c1");

        h.Manager.AddPod(Pod(liveness: ExecProbe("alive")));
        await h.CyclesAsync(ProbeKind.Liveness, 1);
        await h.TickAsync(ProbeKind.Liveness);
        Assert.Empty(h.Failures);

        await h.TickAsync(ProbeKind.Liveness);
        Assert.Equal(new LivenessFailure(PodUid, Container, "c1", ProbeKind.Liveness, "failed liveness probe"), Assert.Single(h.Failures));

        // Held until the container is replaced: no exec into a container being killed.
        await h.TickAsync(ProbeKind.Liveness);
        Assert.Equal(3, h.Exec.CallsTo("alive"));
        Assert.Single(h.Failures);
        Assert.Equal(3, h.Events.Count);
        Assert.All(h.Events, e => Assert.Equal(new ProbeEvent(PodUid, Container, ProbeKind.Liveness, "Unhealthy", "Liveness probe failed: boom"), e));
    }

    [Fact]
    public async Task A_success_between_failures_starts_the_count_again()
    {
        using var h = new ProbeHarness();
        h.Exec.Answer("alive", ProbeResult.Failure("down"));
        h.Run("c1");

        h.Manager.AddPod(Pod(liveness: ExecProbe("alive")));
        await h.CyclesAsync(ProbeKind.Liveness, 1);
        await h.TickAsync(ProbeKind.Liveness);
        h.Exec.Answer("alive", ProbeResult.Success(string.Empty));
        await h.TickAsync(ProbeKind.Liveness);
        h.Exec.Answer("alive", ProbeResult.Failure("down"));
        await h.TickAsync(ProbeKind.Liveness);
        await h.TickAsync(ProbeKind.Liveness);
        Assert.Empty(h.Failures);

        await h.TickAsync(ProbeKind.Liveness);
        Assert.Single(h.Failures);
    }

    [Fact]
    public async Task Readiness_follows_its_success_and_failure_thresholds()
    {
        using var h = new ProbeHarness();
        h.Exec.Answer("ready", ProbeResult.Success(string.Empty));
        h.Run("c1");

        h.Manager.AddPod(Pod(readiness: ExecProbe("ready", successThreshold: 2, failureThreshold: 2)));
        await h.CyclesAsync(ProbeKind.Readiness, 1);
        Assert.Equal(1, h.ReadinessChanges); // the new container starts not ready

        await h.TickAsync(ProbeKind.Readiness);
        Assert.Equal(2, h.ReadinessChanges);
        Assert.True(h.IsReady("c1"));

        h.Exec.Answer("ready", ProbeResult.Failure("HTTP probe failed with statuscode: 503"));
        await h.TickAsync(ProbeKind.Readiness);
        Assert.True(h.IsReady("c1"));

        await h.TickAsync(ProbeKind.Readiness);
        Assert.Equal(3, h.ReadinessChanges);
        Assert.False(h.IsReady("c1"));
        Assert.Contains(new ProbeEvent(PodUid, Container, ProbeKind.Readiness, "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503"), h.Events);
    }

    [Fact]
    public async Task The_startup_probe_gates_liveness_and_readiness_until_it_succeeds()
    {
        using var h = new ProbeHarness();
        h.Exec.Answer("started", ProbeResult.Failure("not yet"));
        h.Run("c1");

        h.Manager.AddPod(Pod(readiness: ExecProbe("ready"), liveness: ExecProbe("alive"), startup: ExecProbe("started", failureThreshold: 30)));
        await h.CyclesAsync(ProbeKind.Startup, 1);
        await h.CyclesAsync(ProbeKind.Liveness, 1);
        await h.CyclesAsync(ProbeKind.Readiness, 1);
        await h.TickAsync(ProbeKind.Startup, ProbeKind.Liveness, ProbeKind.Readiness);
        Assert.Equal(2, h.Exec.CallsTo("started"));
        Assert.Equal(0, h.Exec.CallsTo("alive"));
        Assert.Equal(0, h.Exec.CallsTo("ready"));
        Assert.False(h.IsStarted("c1"));
        Assert.False(h.IsReady("c1"));

        h.Exec.Answer("started", ProbeResult.Success(string.Empty));
        await h.TickAsync(ProbeKind.Startup, ProbeKind.Liveness, ProbeKind.Readiness);
        Assert.True(h.IsStarted("c1"));

        await h.TickAsync(ProbeKind.Startup, ProbeKind.Liveness, ProbeKind.Readiness);
        Assert.Equal(3, h.Exec.CallsTo("started")); // a startup probe stops once it succeeded
        Assert.True(h.Exec.CallsTo("alive") >= 1);
        Assert.True(h.IsReady("c1"));

        var calls = h.Exec.Calls.ToList();
        var startedAt = calls.FindIndex(call => call.Command == "started" && call.Outcome == ProbeOutcome.Success);
        Assert.All(calls.Take(startedAt), call => Assert.Equal("started", call.Command));
    }

    [Fact]
    public async Task A_startup_probe_failing_past_its_threshold_asks_for_a_restart()
    {
        using var h = new ProbeHarness();
        h.Exec.Answer("started", ProbeResult.Failure("no"));
        h.Run("c1");

        h.Manager.AddPod(Pod(liveness: ExecProbe("alive"), startup: ExecProbe("started", failureThreshold: 2)));
        await h.CyclesAsync(ProbeKind.Startup, 1);
        await h.TickAsync(ProbeKind.Startup);

        Assert.Equal(new LivenessFailure(PodUid, Container, "c1", ProbeKind.Startup, "failed startup probe"), Assert.Single(h.Failures));
        Assert.Equal(0, h.Exec.CallsTo("alive"));
        Assert.Contains(h.Events, e => e.Message == "Startup probe failed: no");
    }

    [Fact]
    public async Task Probing_waits_for_the_initial_delay_counted_from_the_container_start()
    {
        using var h = new ProbeHarness();
        h.Run("c1");

        h.Manager.AddPod(Pod(readiness: ExecProbe("ready", initialDelaySeconds: 15)));
        await h.CyclesAsync(ProbeKind.Readiness, 1);
        await h.TickAsync(ProbeKind.Readiness);
        Assert.Equal(0, h.Exec.CallsTo("ready"));

        await h.TickAsync(ProbeKind.Readiness);
        Assert.Equal(1, h.Exec.CallsTo("ready"));
        Assert.True(h.IsReady("c1"));
    }

    [Fact]
    public async Task A_restarted_container_is_probed_again_from_a_fresh_count()
    {
        using var h = new ProbeHarness();
        h.Exec.Answer("alive", ProbeResult.Failure("down"));
        h.Run("c1");

        h.Manager.AddPod(Pod(liveness: ExecProbe("alive", failureThreshold: 2)));
        await h.CyclesAsync(ProbeKind.Liveness, 1);
        await h.TickAsync(ProbeKind.Liveness);
        await h.TickAsync(ProbeKind.Liveness);
        Assert.Equal(2, h.Exec.CallsTo("alive"));

        h.Run("c2");
        await h.TickAsync(ProbeKind.Liveness);
        Assert.Single(h.Failures);

        await h.TickAsync(ProbeKind.Liveness);
        Assert.Equal(["c1", "c2"], h.Failures.Select(f => f.ContainerId));
        Assert.Equal(["c1", "c1", "c2", "c2"], h.Exec.Calls.Select(call => call.ContainerId));
    }

    [Fact]
    public async Task Successes_counted_for_the_old_container_do_not_make_the_new_one_ready()
    {
        using var h = new ProbeHarness();
        h.Run("c1");

        h.Manager.AddPod(Pod(readiness: ExecProbe("ready", successThreshold: 3)));
        await h.CyclesAsync(ProbeKind.Readiness, 1);
        await h.TickAsync(ProbeKind.Readiness);
        h.Run("c2");
        await h.TickAsync(ProbeKind.Readiness);
        Assert.Equal(2, h.ReadinessChanges); // each container starting not ready; a third success in a row would have made c2 ready

        await h.TickAsync(ProbeKind.Readiness);
        await h.TickAsync(ProbeKind.Readiness);
        Assert.Equal(3, h.ReadinessChanges);
        Assert.True(h.IsReady("c2"));
    }

    [Fact]
    public async Task A_container_not_running_is_not_probed_nor_ready_and_is_probed_at_once_when_status_asks()
    {
        using var h = new ProbeHarness();

        h.Manager.AddPod(Pod(readiness: ExecProbe("ready")));
        await h.CyclesAsync(ProbeKind.Readiness, 1);
        Assert.Equal(0, h.Exec.CallsTo("ready"));
        Assert.Null(h.IsStarted("c1"));
        Assert.False(h.IsReady("c1"));

        // Started between two ticks: asking for its readiness probes it without waiting for the period.
        h.Run("c1");
        Assert.False(h.IsReady("c1"));
        await h.CyclesAsync(ProbeKind.Readiness, 2);
        Assert.True(h.IsReady("c1"));

        h.Targets.Stop(PodUid, Container);
        await h.TickAsync(ProbeKind.Readiness);
        Assert.False(h.IsReady("c1"));
        Assert.Equal(1, h.Exec.CallsTo("ready"));
    }

    [Fact]
    public void A_running_container_without_probes_is_started_and_ready()
    {
        using var h = new ProbeHarness();
        h.Manager.AddPod(Pod());
        h.Run("c1");

        Assert.True(h.IsReady("c1"));
        Assert.True(h.IsStarted("c1"));
        Assert.False(h.IsReady("c0"));
        Assert.Null(h.IsStarted("c0"));

        h.Targets.Stop(PodUid, Container);
        Assert.False(h.IsReady("c1"));
        Assert.Null(h.IsStarted("c1"));
    }

    [Fact]
    public async Task Removing_the_pod_stops_its_workers()
    {
        using var h = new ProbeHarness();
        h.Run("c1");
        h.Manager.AddPod(Pod(liveness: ExecProbe("alive")));
        await h.CyclesAsync(ProbeKind.Liveness, 1);

        h.Manager.RemovePod(PodUid);
        h.Time.Advance(TimeSpan.FromSeconds(30));

        // The worker's wait was cancelled when it stopped, so no tick can start another probe.
        Assert.Equal(1, h.Cycles(ProbeKind.Liveness));
        Assert.Equal(1, h.Exec.CallsTo("alive"));
    }

    [Fact]
    public async Task A_probe_that_cannot_run_is_tried_three_times_reported_and_not_counted()
    {
        using var h = new ProbeHarness();
        h.Exec.Answer("alive", ProbeResult.Unknown("rpc error: code = NotFound desc = no such container"));
        h.Run("c1");

        h.Manager.AddPod(Pod(liveness: ExecProbe("alive", failureThreshold: 1)));
        await h.CyclesAsync(ProbeKind.Liveness, 1);

        Assert.Equal(3, h.Exec.CallsTo("alive"));
        Assert.Empty(h.Failures);
        var reported = Assert.Single(h.Events);
        Assert.Equal(ProbeEvent.UnhealthyReason, reported.Reason);
        Assert.Equal("Liveness probe errored and resulted in unknown state: rpc error: code = NotFound desc = no such container", reported.Message);
    }

    [Fact]
    public async Task Right_after_a_kubelet_start_a_running_containers_first_probe_waits_a_random_part_of_a_period()
    {
        using var h = new ProbeHarness(kubeletUptime: TimeSpan.FromSeconds(1));
        h.Run("c1");

        h.Manager.AddPod(Pod(liveness: ExecProbe("alive")));
        Assert.Equal(0, h.Cycles(ProbeKind.Liveness)); // the fake clock has not moved, so no jitter has elapsed

        h.Time.Advance(TimeSpan.FromSeconds(ProbeSettings.DefaultPeriodSeconds));
        await h.CyclesAsync(ProbeKind.Liveness, 1);
        Assert.Equal(1, h.Exec.CallsTo("alive"));
    }

    [Fact]
    public async Task Right_after_a_kubelet_start_a_container_not_running_yet_is_watched_at_once()
    {
        using var h = new ProbeHarness(kubeletUptime: TimeSpan.FromSeconds(1));

        h.Manager.AddPod(Pod(liveness: ExecProbe("alive")));

        await h.CyclesAsync(ProbeKind.Liveness, 1);
    }

    [Fact]
    public async Task An_http_probe_stopped_by_a_redirect_elsewhere_is_ready_with_a_probe_warning()
    {
        await using var server = new TinyHttpServer(_ => TinyHttpServer.Response(302, "moved", ("Location", "http://localhost:1/")));
        using var h = new ProbeHarness();
        h.Run("c1");

        h.Manager.AddPod(Pod(readiness: new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/ready", Port = server.Port } }));
        await h.CyclesAsync(ProbeKind.Readiness, 1);

        Assert.True(h.IsReady("c1"));
        Assert.Equal(
            new ProbeEvent(PodUid, Container, ProbeKind.Readiness, ProbeEvent.WarningReason, "Readiness probe warning: Probe terminated redirects, Response body: moved"),
            Assert.Single(h.Events));
    }

    [Fact]
    public async Task An_http_liveness_probe_answered_500_reports_upstreams_event()
    {
        await using var server = new TinyHttpServer(_ => TinyHttpServer.Response(500, "oops"));
        using var h = new ProbeHarness();
        h.Run("c1");

        h.Manager.AddPod(Pod(liveness: new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/healthz", Port = server.Port }, FailureThreshold = 1 }));
        await h.CyclesAsync(ProbeKind.Liveness, 1);

        Assert.Equal("Liveness probe failed: HTTP probe failed with statuscode: 500", Assert.Single(h.Events).Message);
        Assert.Single(h.Failures);
    }
}
