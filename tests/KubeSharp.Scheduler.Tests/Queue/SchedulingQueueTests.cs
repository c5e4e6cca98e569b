using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Queue;
using Microsoft.Extensions.Time.Testing;
using static KubeSharp.Scheduler.Tests.Builders;

namespace KubeSharp.Scheduler.Tests.Queue;

public sealed class SchedulingQueueTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly SchedulingQueue _queue;

    public SchedulingQueueTests()
    {
        _queue = new SchedulingQueue(
            (a, b) => a.PodInfo.Priority > b.PodInfo.Priority || (a.PodInfo.Priority == b.PodInfo.Priority && a.Timestamp < b.Timestamp),
            _time,
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(10),
            pod => pod.Pod.Spec.SchedulingGates is { Count: > 0 } ? new Status(Code.UnschedulableAndUnresolvable, ["gated"], "SchedulingGates") : Status.Success,
            plugin => plugin == "NodeResourcesFit" ? [ClusterEvent.NodeAdd, ClusterEvent.PodDelete] : [],
            new Nominator());
    }

    public void Dispose() => _queue.Dispose();

    [Fact]
    public async Task Pops_By_Priority_Then_Age()
    {
        _queue.Add(Pod("low", priority: 1));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        _queue.Add(Pod("high", priority: 100));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        _queue.Add(Pod("low-later", priority: 1));

        Assert.Equal("high", (await _queue.PopAsync(CancellationToken.None))!.PodInfo.Pod.Metadata.Name);
        Assert.Equal("low", (await _queue.PopAsync(CancellationToken.None))!.PodInfo.Pod.Metadata.Name);
        Assert.Equal("low-later", (await _queue.PopAsync(CancellationToken.None))!.PodInfo.Pod.Metadata.Name);
    }

    [Fact]
    public async Task Pop_Waits_For_A_Pod()
    {
        var pop = _queue.PopAsync(CancellationToken.None);
        Assert.False(pop.IsCompleted);
        _queue.Add(Pod("p"));
        Assert.Equal("p", (await pop.WaitAsync(TimeSpan.FromSeconds(10)))!.PodInfo.Pod.Metadata.Name);
    }

    [Fact]
    public async Task Unschedulable_Pod_Moves_Only_On_An_Event_Its_Plugin_Registered()
    {
        _queue.Add(Pod("p"));
        var popped = (await _queue.PopAsync(CancellationToken.None))!;
        popped.UnschedulablePlugins.Add("NodeResourcesFit");
        _queue.AddUnschedulableIfNotPresent(popped, _queue.SchedulingCycle);
        Assert.Equal((0, 0, 1), _queue.Counts);

        _queue.MoveAllToActiveOrBackoffQueue(new ClusterEvent(EventResource.Node, ActionType.UpdateNodeLabel));
        Assert.Equal((0, 0, 1), _queue.Counts);

        // Still backing off (1 s after one attempt): the event moves it to the backoff queue.
        _queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeAdd);
        Assert.Equal((0, 1, 0), _queue.Counts);

        _time.Advance(TimeSpan.FromMilliseconds(999));
        _queue.Flush();
        Assert.Equal((0, 1, 0), _queue.Counts);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        _queue.Flush();
        Assert.Equal((1, 0, 0), _queue.Counts);
    }

    [Fact]
    public async Task Backoff_Doubles_Per_Attempt_Up_To_The_Maximum()
    {
        _queue.Add(Pod("p"));
        var expected = new[] { 1, 2, 4, 8, 10, 10 };
        foreach (var seconds in expected)
        {
            var popped = (await _queue.PopAsync(CancellationToken.None))!;
            popped.FailedWithError = true;
            _queue.AddUnschedulableIfNotPresent(popped, _queue.SchedulingCycle);
            _time.Advance(TimeSpan.FromSeconds(seconds) - TimeSpan.FromMilliseconds(1));
            _queue.Flush();
            Assert.Equal((0, 1, 0), _queue.Counts);
            _time.Advance(TimeSpan.FromMilliseconds(1));
            _queue.Flush();
            Assert.Equal((1, 0, 0), _queue.Counts);
        }
    }

    [Fact]
    public async Task A_Move_Request_During_The_Attempt_Sends_The_Pod_To_Backoff()
    {
        _queue.Add(Pod("p"));
        var popped = (await _queue.PopAsync(CancellationToken.None))!;
        var cycle = _queue.SchedulingCycle;
        _queue.MoveAllToActiveOrBackoffQueue(new ClusterEvent(EventResource.Node, ActionType.UpdateNodeLabel));
        popped.UnschedulablePlugins.Add("NodeResourcesFit");
        _queue.AddUnschedulableIfNotPresent(popped, cycle);
        Assert.Equal((0, 1, 0), _queue.Counts);
    }

    [Fact]
    public async Task Unschedulable_Pods_Are_Retried_After_Five_Minutes()
    {
        _queue.Add(Pod("p"));
        var popped = (await _queue.PopAsync(CancellationToken.None))!;
        popped.UnschedulablePlugins.Add("NodeResourcesFit");
        _queue.AddUnschedulableIfNotPresent(popped, _queue.SchedulingCycle);
        _time.Advance(TimeSpan.FromMinutes(5));
        _queue.Flush();
        Assert.Equal((0, 0, 1), _queue.Counts);
        _time.Advance(TimeSpan.FromSeconds(30));
        _queue.Flush();
        Assert.Equal((1, 0, 0), _queue.Counts);
    }

    [Fact]
    public void Gated_Pods_Wait_Until_Their_Gates_Are_Removed()
    {
        var gated = Pod("p");
        gated.Spec.SchedulingGates = [new k8s.Models.V1PodSchedulingGate { Name = "example.com/gate" }];
        _queue.Add(gated);
        Assert.Equal((0, 0, 1), _queue.Counts);

        _queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.Any);
        Assert.Equal((0, 0, 1), _queue.Counts);

        _queue.Update(gated, Pod("p"));
        Assert.Equal((1, 0, 0), _queue.Counts);
    }

    [Fact]
    public async Task Status_Only_Updates_Leave_An_Unschedulable_Pod_Waiting()
    {
        var pod = Pod("p");
        _queue.Add(pod);
        var popped = (await _queue.PopAsync(CancellationToken.None))!;
        popped.UnschedulablePlugins.Add("NodeResourcesFit");
        _queue.AddUnschedulableIfNotPresent(popped, _queue.SchedulingCycle);

        var withStatus = Pod("p");
        withStatus.Status = new k8s.Models.V1PodStatus { Conditions = [new k8s.Models.V1PodCondition { Status = "False", Type = "PodScheduled" }] };
        _queue.Update(pod, withStatus);
        Assert.Equal((0, 0, 1), _queue.Counts);

        var relabelled = Pod("p", labels: Labels("app=x"));
        _queue.Update(withStatus, relabelled);
        Assert.Equal((0, 1, 0), _queue.Counts);
    }

    [Fact]
    public void Deleted_Pods_Leave_The_Queue()
    {
        _queue.Add(Pod("p"));
        _queue.Delete(Pod("p"));
        Assert.Equal((0, 0, 0), _queue.Counts);
    }
}
