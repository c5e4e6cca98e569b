using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Pods;
using KubeSharp.Kubelet.Server;

namespace KubeSharp.Kubelet.Tests.Server;

/// <summary>Which container's log a request gets (<see cref="ContainerLogsHandler.TrySelect"/>).</summary>
public sealed class ContainerLogSelectionTests
{
    [Fact]
    public void The_running_container_is_the_current_one_and_the_exited_one_before_it_the_previous()
    {
        var runtime = Runtime(Container("c0", 0, ContainerState.ContainerExited), Container("c1", 1, ContainerState.ContainerRunning));

        Assert.Equal("c1", Select(Pod(), runtime, previous: false));
        Assert.Equal("c0", Select(Pod(), runtime, previous: true));
    }

    [Fact]
    public void While_backing_off_both_show_the_last_terminated_container_the_status_names()
    {
        var runtime = Runtime(Container("c1", 1, ContainerState.ContainerExited));
        var pod = Pod(new V1ContainerStatus
        {
            Name = "app",
            State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff" } },
            LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ContainerID = "containerd://c1" } },
        });

        Assert.Equal("c1", Select(pod, runtime, previous: false));
        Assert.Equal("c1", Select(pod, runtime, previous: true));
    }

    [Fact]
    public void A_container_not_started_yet_shows_the_previous_one_if_any()
    {
        var runtime = Runtime(Container("c0", 0, ContainerState.ContainerExited), Container("c1", 1, ContainerState.ContainerCreated));

        Assert.Equal("c0", Select(Pod(), runtime, previous: false));
    }

    [Fact]
    public void No_previous_container_is_upstreams_error()
    {
        var runtime = Runtime(Container("c0", 0, ContainerState.ContainerRunning));

        Assert.False(ContainerLogsHandler.TrySelect(Pod(), runtime, "app", previous: true, out _, out var error));
        Assert.Equal("previous terminated container \"app\" in pod \"web\" not found", error);
    }

    [Theory]
    [InlineData(null, "ContainerCreating")]
    [InlineData("PodInitializing", "PodInitializing")]
    [InlineData("ErrImagePull", "image can't be pulled")]
    [InlineData("ImagePullBackOff", "trying and failing to pull image")]
    public void A_container_not_created_yet_is_waiting_to_start(string? reason, string shown)
    {
        var pod = Pod(new V1ContainerStatus
        {
            Name = "app",
            State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason } },
        });

        Assert.False(ContainerLogsHandler.TrySelect(pod, Runtime(), "app", previous: false, out _, out var error));
        Assert.Equal($"container \"app\" in pod \"web\" is waiting to start: {shown}", error);
    }

    private static string Select(V1Pod pod, RuntimePod runtime, bool previous)
    {
        Assert.True(ContainerLogsHandler.TrySelect(pod, runtime, "app", previous, out var target, out var error), error);
        return target!.Id;
    }

    private static V1Pod Pod(params V1ContainerStatus[] statuses) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "uid-1" },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "busybox" }] },
        Status = new V1PodStatus { ContainerStatuses = statuses },
    };

    private static RuntimePod Runtime(params RuntimeContainer[] containers) => new([], containers);

    private static RuntimeContainer Container(string id, uint attempt, ContainerState state) => new(
        id,
        "app",
        "sandbox",
        attempt,
        state,
        DateTimeOffset.UnixEpoch.AddMinutes(attempt),
        state == ContainerState.ContainerCreated ? null : DateTimeOffset.UnixEpoch.AddMinutes(attempt),
        state == ContainerState.ContainerExited ? DateTimeOffset.UnixEpoch.AddMinutes(attempt + 1) : null,
        state == ContainerState.ContainerExited ? 1 : 0,
        string.Empty,
        string.Empty,
        "busybox",
        "sha256:busybox",
        "hash",
        (int)attempt,
        null,
        $"/logs/{attempt}.log");
}
