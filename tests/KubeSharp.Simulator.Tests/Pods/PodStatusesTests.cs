using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Simulator.Pods;

namespace KubeSharp.Simulator.Tests.Pods;

public sealed class PodStatusesTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly DateTime Scheduled = new(2025, 1, 2, 3, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Running_has_addresses_ready_conditions_and_a_started_status_per_container()
    {
        var patch = JsonNode.Parse(PodStatuses.RunningPatch(Pod(), "10.255.0.2", "10.42.0.7", Now))!;

        var status = patch["status"]!;
        Assert.Equal("uid-1", (string?)patch["metadata"]!["uid"]);
        Assert.Equal("Running", (string?)status["phase"]);
        Assert.Equal("10.255.0.2", (string?)status["hostIP"]);
        Assert.Equal("10.255.0.2", (string?)status["hostIPs"]![0]!["ip"]);
        Assert.Equal("10.42.0.7", (string?)status["podIP"]);
        Assert.Equal("10.42.0.7", (string?)status["podIPs"]![0]!["ip"]);
        Assert.Equal("2025-01-02T03:04:05Z", (string?)status["startTime"]);
        Assert.Equal(
            ["PodReadyToStartContainers=True", "Initialized=True", "Ready=True", "ContainersReady=True", "PodScheduled=True"],
            status["conditions"]!.AsArray().Select(c => $"{(string?)c!["type"]}={(string?)c!["status"]}"));
        var scheduled = status["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "PodScheduled")!;
        Assert.Equal("2025-01-02T03:00:00Z", (string?)scheduled["lastTransitionTime"]);

        var containers = status["containerStatuses"]!.AsArray();
        Assert.Equal(["app", "sidecar"], containers.Select(c => (string?)c!["name"]));
        var app = containers[0]!;
        Assert.Equal("sim://busybox:1.36", (string?)app["imageID"]);
        Assert.Equal("sim://uid-1/app", (string?)app["containerID"]);
        Assert.True((bool?)app["ready"]);
        Assert.True((bool?)app["started"]);
        Assert.Equal(0, (int?)app["restartCount"]);
        Assert.Equal("2025-01-02T03:04:05Z", (string?)app["state"]!["running"]!["startedAt"]);
        Assert.Null(status["qosClass"]);
    }

    [Fact]
    public void Init_containers_have_completed_except_sidecars_which_run()
    {
        var pod = Pod();
        pod.Spec.InitContainers =
        [
            new V1Container { Name = "setup", Image = "busybox:1.36" },
            new V1Container { Name = "proxy", Image = "proxy:1", RestartPolicy = "Always" },
        ];

        var patch = JsonNode.Parse(PodStatuses.RunningPatch(pod, "10.255.0.2", "10.42.0.7", Now))!;

        var init = patch["status"]!["initContainerStatuses"]!.AsArray();
        Assert.Equal(0, (int?)init[0]!["state"]!["terminated"]!["exitCode"]);
        Assert.Equal("Completed", (string?)init[0]!["state"]!["terminated"]!["reason"]);
        Assert.NotNull(init[1]!["state"]!["running"]);
    }

    [Theory]
    [InlineData(0, "Succeeded", "Completed")]
    [InlineData(3, "Failed", "Error")]
    public void An_exit_ends_the_pod_with_every_container_terminated(int exitCode, string phase, string reason)
    {
        var patch = JsonNode.Parse(PodStatuses.TerminatedPatch(Pod(), exitCode, Now))!;

        var status = patch["status"]!;
        Assert.Equal(phase, (string?)status["phase"]);
        var ready = status["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!;
        Assert.Equal(("False", "PodCompleted"), ((string?)ready["status"], (string?)ready["reason"]));
        Assert.All(status["containerStatuses"]!.AsArray(), c =>
        {
            Assert.Equal(exitCode, (int?)c!["state"]!["terminated"]!["exitCode"]);
            Assert.Equal(reason, (string?)c!["state"]!["terminated"]!["reason"]);
            Assert.False((bool?)c!["ready"]);
        });
    }

    [Fact]
    public void An_exit_plan_needs_a_restart_policy_that_lets_the_pod_end_and_a_valid_code()
    {
        Assert.Equal(new PodExitPlan(0, TimeSpan.Zero), PodExitPlan.Of(Pod("Never", ("kubesharp.io/sim-exit-code", "0"))));
        Assert.Equal(
            new PodExitPlan(3, TimeSpan.FromSeconds(2.5)),
            PodExitPlan.Of(Pod("OnFailure", ("kubesharp.io/sim-exit-code", "3"), ("kubesharp.io/sim-run-seconds", "2.5"))));
        Assert.Null(PodExitPlan.Of(Pod("Always", ("kubesharp.io/sim-exit-code", "0"))));
        Assert.Null(PodExitPlan.Of(Pod("Never")));
        Assert.Null(PodExitPlan.Of(Pod("Never", ("kubesharp.io/sim-exit-code", "soon"))));
    }

    private static V1Pod Pod(string restartPolicy = "Always", params (string Key, string Value)[] annotations) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "p",
            NamespaceProperty = "default",
            Uid = "uid-1",
            Annotations = annotations.Length == 0 ? null : annotations.ToDictionary(a => a.Key, a => a.Value),
        },
        Spec = new V1PodSpec
        {
            NodeName = "sim-node-1",
            RestartPolicy = restartPolicy,
            Containers =
            [
                new V1Container { Name = "app", Image = "busybox:1.36" },
                new V1Container { Name = "sidecar", Image = "busybox:1.36" },
            ],
        },
        Status = new V1PodStatus
        {
            Phase = "Pending",
            QosClass = "BestEffort",
            Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = Scheduled }],
        },
    };
}
