namespace KubeSharp.Simulator.Work;

/// <summary>
/// One piece of simulated kubelet work, keyed so the work queue never runs the same one twice at
/// once: renew a node's lease, post a node's status, or act on a pod ("namespace/name").
/// </summary>
internal readonly record struct WorkItem(WorkKind Kind, string Key)
{
    public static WorkItem Lease(string nodeName) => new(WorkKind.Lease, nodeName);

    public static WorkItem Status(string nodeName) => new(WorkKind.Status, nodeName);

    public static WorkItem Pod(string podKey) => new(WorkKind.Pod, podKey);
}

/// <summary>What a <see cref="WorkItem"/> asks for.</summary>
internal enum WorkKind
{
    Lease,
    Status,
    Pod,
}
