namespace KubeSharp.Scheduler.Framework;

// The extension points of the scheduling framework, one small interface each, as upstream's
// framework/interface.go. A plugin implements the ones it needs; the profile decides which run.

/// <summary>Every plugin has a unique name, used in profiles and in failure reasons.</summary>
public interface IPlugin
{
    string Name { get; }
}

/// <summary>Decides whether a pod may enter the active queue at all (e.g. scheduling gates).</summary>
public interface IPreEnqueuePlugin : IPlugin
{
    Status PreEnqueue(PodInfo pod);
}

/// <summary>Orders the active queue; a profile has exactly one.</summary>
public interface IQueueSortPlugin : IPlugin
{
    bool Less(QueuedPodInfo a, QueuedPodInfo b);
}

/// <summary>
/// Runs once per cycle before Filter: checks the pod alone and precomputes state. A result with node
/// names limits Filter to those nodes; Skip means this plugin's Filter has nothing to do.
/// </summary>
public interface IPreFilterPlugin : IPlugin
{
    (PreFilterResult? Result, Status Status) PreFilter(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes);

    /// <summary>How to update the precomputed state when preemption adds or removes a pod; null if it needs none.</summary>
    IPreFilterExtensions? Extensions => null;
}

public interface IPreFilterExtensions
{
    Status AddPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo);

    Status RemovePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo);
}

/// <summary>Whether the pod may run on the node. Called in parallel for many nodes.</summary>
public interface IFilterPlugin : IPlugin
{
    Status Filter(CycleState state, PodInfo pod, NodeInfo nodeInfo);
}

/// <summary>Runs when no node passed Filter, e.g. preemption.</summary>
public interface IPostFilterPlugin : IPlugin
{
    Task<(PostFilterResult? Result, Status Status)> PostFilterAsync(CycleState state, PodInfo pod, NodeToStatus filteredNodeStatus, CancellationToken cancellationToken);
}

/// <summary>Runs once before Score over the feasible nodes; Skip means this plugin's Score has nothing to do.</summary>
public interface IPreScorePlugin : IPlugin
{
    Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes);
}

/// <summary>Ranks a feasible node, 0 to <see cref="Scores.MaxNodeScore"/> after normalizing.</summary>
public interface IScorePlugin : IPlugin
{
    (long Score, Status Status) Score(CycleState state, PodInfo pod, NodeInfo nodeInfo);

    /// <summary>Rescales all nodes' scores into 0-100 after scoring; null if scores are already in range.</summary>
    IScoreExtensions? ScoreExtensions => null;
}

public interface IScoreExtensions
{
    Status NormalizeScore(CycleState state, PodInfo pod, NodeScore[] scores);
}

/// <summary>Keeps plugin state in step with the assumed pod; Unreserve undoes Reserve on any later failure.</summary>
public interface IReservePlugin : IPlugin
{
    Status Reserve(CycleState state, PodInfo pod, string nodeName);

    void Unreserve(CycleState state, PodInfo pod, string nodeName);
}

/// <summary>Approves, rejects or holds (Wait, up to the timeout) the pod before binding.</summary>
public interface IPermitPlugin : IPlugin
{
    (Status Status, TimeSpan Timeout) Permit(CycleState state, PodInfo pod, string nodeName);
}

public interface IPreBindPlugin : IPlugin
{
    Task<Status> PreBindAsync(CycleState state, PodInfo pod, string nodeName, CancellationToken cancellationToken);
}

/// <summary>Binds the pod; Skip passes the pod to the next bind plugin.</summary>
public interface IBindPlugin : IPlugin
{
    Task<Status> BindAsync(CycleState state, PodInfo pod, string nodeName, CancellationToken cancellationToken);
}

public interface IPostBindPlugin : IPlugin
{
    void PostBind(CycleState state, PodInfo pod, string nodeName);
}

/// <summary>The cluster events after which a pod this plugin rejected may fit, to move it back to the active queue.</summary>
public interface IEnqueueExtensions
{
    IReadOnlyList<ClusterEvent> EventsToRegister();
}
