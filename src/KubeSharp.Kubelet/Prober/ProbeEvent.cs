namespace KubeSharp.Kubelet.Prober;

/// <summary>
/// A probe attempt worth a Warning event on the pod, with upstream's reason and message:
/// <c>Unhealthy</c> "Liveness probe failed: HTTP probe failed with statuscode: 500" (also for errors,
/// "... probe errored and resulted in unknown state: ..."), or <c>ProbeWarning</c> "Readiness probe
/// warning: Probe terminated redirects, Response body: ...".
/// </summary>
internal sealed record ProbeEvent(string PodUid, string ContainerName, ProbeKind Kind, string Reason, string Message)
{
    public const string UnhealthyReason = "Unhealthy";
    public const string WarningReason = "ProbeWarning";
}
