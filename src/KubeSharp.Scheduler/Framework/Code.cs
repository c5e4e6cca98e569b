namespace KubeSharp.Scheduler.Framework;

/// <summary>The outcome kinds of a plugin call (framework.Code upstream).</summary>
public enum Code
{
    Success,

    /// <summary>An internal failure: the pod is retried with backoff.</summary>
    Error,

    /// <summary>The node does not fit now; preemption may make it fit.</summary>
    Unschedulable,

    /// <summary>The node does not fit, and preempting pods on it would not change that.</summary>
    UnschedulableAndUnresolvable,

    /// <summary>A Permit plugin holds the pod until it is allowed or rejected.</summary>
    Wait,

    /// <summary>The plugin has nothing to do for this pod (its later extension point is skipped).</summary>
    Skip,
}
