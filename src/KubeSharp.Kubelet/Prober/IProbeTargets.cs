namespace KubeSharp.Kubelet.Prober;

/// <summary>Where probe workers find the containers they probe (the pod workers).</summary>
internal interface IProbeTargets
{
    /// <summary>The container's current instance; false while it is not running (not yet started, exited or gone).</summary>
    bool TryGetContainer(string podUid, string containerName, out ProbeTarget target);
}
