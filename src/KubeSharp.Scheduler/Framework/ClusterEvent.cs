namespace KubeSharp.Scheduler.Framework;

/// <summary>A kind of change in the cluster that may make an unschedulable pod schedulable.</summary>
public sealed record ClusterEvent(EventResource Resource, ActionType Action)
{
    public bool Matches(ClusterEvent happened) =>
        (Resource == EventResource.Wildcard || Resource == happened.Resource) && (Action & happened.Action) != 0;

    public static readonly ClusterEvent NodeAdd = new(EventResource.Node, ActionType.Add);
    public static readonly ClusterEvent PodDelete = new(EventResource.Pod, ActionType.Delete);
    public static readonly ClusterEvent Any = new(EventResource.Wildcard, ActionType.All);
}

public enum EventResource
{
    Pod,
    Node,
    Namespace,
    Wildcard,
}

[Flags]
public enum ActionType
{
    Add = 1,
    Delete = 2,
    UpdateNodeAllocatable = 4,
    UpdateNodeLabel = 8,
    UpdateNodeTaint = 16,
    UpdateNodeCondition = 32,
    UpdatePodLabel = 128,
    UpdatePodScaleDown = 256,
    UpdateNodeImages = 512,
    Update = UpdateNodeAllocatable | UpdateNodeLabel | UpdateNodeTaint | UpdateNodeCondition | UpdatePodLabel | UpdatePodScaleDown | UpdateNodeImages,
    All = Add | Delete | Update,
}
