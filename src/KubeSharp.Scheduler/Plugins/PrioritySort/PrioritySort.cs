using System.Text.Json;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.PrioritySort;

/// <summary>Orders the active queue: higher spec.priority first, then the pod queued earlier, as upstream's PrioritySort.</summary>
public sealed class PrioritySort : IQueueSortPlugin
{
    public const string PluginName = "PrioritySort";

    public string Name => PluginName;

    public static IPlugin New(JsonElement? args, IFrameworkHandle handle) => new PrioritySort();

    public bool Less(QueuedPodInfo a, QueuedPodInfo b)
    {
        var priorityA = a.PodInfo.Priority;
        var priorityB = b.PodInfo.Priority;
        return priorityA > priorityB || (priorityA == priorityB && a.Timestamp < b.Timestamp);
    }
}
