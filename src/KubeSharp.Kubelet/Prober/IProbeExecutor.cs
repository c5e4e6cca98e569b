namespace KubeSharp.Kubelet.Prober;

/// <summary>Runs exec probes inside containers.</summary>
internal interface IProbeExecutor
{
    /// <summary>
    /// Runs <paramref name="command"/> in the container: success on exit code 0, failure with the
    /// output otherwise or when it outlives <paramref name="timeout"/>, unknown when it could not be run.
    /// </summary>
    Task<ProbeResult> ExecAsync(string containerId, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken);
}
