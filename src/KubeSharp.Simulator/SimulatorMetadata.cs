namespace KubeSharp.Simulator;

/// <summary>The labels and annotations the simulator sets or obeys.</summary>
public static class SimulatorMetadata
{
    /// <summary>Label on every simulated node ("true").</summary>
    public const string SimulatedLabel = "kubesharp.io/simulated";

    /// <summary>Node annotation: "stopped" makes the node's fake kubelet go silent (no lease, no status, no pod changes), as if it died.</summary>
    public const string HeartbeatAnnotation = "kubesharp.io/sim-heartbeat";

    /// <summary>The <see cref="HeartbeatAnnotation"/> value that stops a node.</summary>
    public const string HeartbeatStopped = "stopped";

    /// <summary>Pod annotation (restartPolicy Never or OnFailure): the exit code its containers end with; 0 is Succeeded, else Failed.</summary>
    public const string ExitCodeAnnotation = "kubesharp.io/sim-exit-code";

    /// <summary>Pod annotation: seconds the pod runs before it exits (default 0).</summary>
    public const string RunSecondsAnnotation = "kubesharp.io/sim-run-seconds";

    /// <summary>Where node leases live.</summary>
    public const string LeaseNamespace = "kube-node-lease";
}
