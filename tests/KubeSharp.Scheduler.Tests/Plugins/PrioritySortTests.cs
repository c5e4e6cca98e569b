using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.PrioritySort;

namespace KubeSharp.Scheduler.Tests.Plugins;

public sealed class PrioritySortTests
{
    private static readonly DateTimeOffset Start = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 0, 2, 0, false)] // lower priority
    [InlineData(2, 0, 1, 0, true)] // higher priority
    [InlineData(1, 0, 1, 5, true)] // equal priority, queued earlier
    [InlineData(1, 5, 1, 0, false)] // equal priority, queued later
    [InlineData(1, 0, 1, 0, false)] // identical: neither goes first
    [InlineData(2, 5, 1, 0, true)] // priority beats time
    [InlineData(null, 0, -1, 0, true)] // no priority counts as 0
    [InlineData(null, 0, 1, 0, false)]
    public void Less_Orders_By_Priority_Then_Queue_Time(int? priorityA, int secondsA, int? priorityB, int secondsB, bool expected)
    {
        var plugin = (IQueueSortPlugin)PrioritySort.New(null, new FakeFrameworkHandle(new Snapshot()));
        var a = new QueuedPodInfo(new PodInfo(Builders.Pod("a", priority: priorityA)), Start.AddSeconds(secondsA));
        var b = new QueuedPodInfo(new PodInfo(Builders.Pod("b", priority: priorityB)), Start.AddSeconds(secondsB));

        Assert.Equal(expected, plugin.Less(a, b));
        Assert.Equal(PrioritySort.PluginName, plugin.Name);
    }
}
