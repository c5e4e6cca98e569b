namespace KubeSharp.Simulator.Nodes;

/// <summary>
/// One simulated node's fake kubelet state. The switches are read by workers and set by the node
/// watch and by callers, so they are volatile; the due times belong to the node's lease and status
/// work items, which the work queue never runs twice at once.
/// </summary>
internal sealed class SimulatedNode(string name, int index, string internalIp)
{
    private volatile bool _stoppedInProcess;
    private volatile bool _stoppedByAnnotation;
    private volatile bool _gone;
    private volatile string? _uid;
    private volatile string? _podCidr;

    public string Name { get; } = name;

    public int Index { get; } = index;

    public string InternalIp { get; } = internalIp;

    /// <summary>The Node's uid once registered (the lease's owner).</summary>
    public string? Uid
    {
        get => _uid;
        set => _uid = value;
    }

    /// <summary>spec.podCIDR, when a node IPAM controller has set one.</summary>
    public string? PodCidr
    {
        get => _podCidr;
        set => _podCidr = value;
    }

    /// <summary>Stopped through <see cref="NodeSimulator.StopHeartbeat"/>.</summary>
    public bool StoppedInProcess
    {
        get => _stoppedInProcess;
        set => _stoppedInProcess = value;
    }

    /// <summary>Stopped through the <see cref="SimulatorMetadata.HeartbeatAnnotation"/> annotation.</summary>
    public bool StoppedByAnnotation
    {
        get => _stoppedByAnnotation;
        set => _stoppedByAnnotation = value;
    }

    /// <summary>The Node was deleted by someone else: like kubelet, the simulator does not register it again.</summary>
    public bool Gone
    {
        get => _gone;
        set => _gone = value;
    }

    /// <summary>Registered, and its kubelet neither stopped nor orphaned: it heartbeats and runs its pods.</summary>
    public bool IsAlive => Uid is not null && !StoppedInProcess && !StoppedByAnnotation && !Gone;

    /// <summary>The Ready condition's lastTransitionTime.</summary>
    public DateTimeOffset ReadySince { get; set; }

    public DateTimeOffset NextLeaseDue { get; set; }

    public DateTimeOffset NextStatusDue { get; set; }
}
