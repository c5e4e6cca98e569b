namespace KubeSharp.Kubelet.Prober;

/// <summary>What one probe attempt found (upstream's probe.Result).</summary>
internal enum ProbeOutcome
{
    Success,

    /// <summary>Counts as a success but is reported, as an HTTP probe that stopped at a redirect to another host.</summary>
    Warning,

    Failure,

    /// <summary>The probe could not be run (a port that does not resolve, a runtime error): the attempt is retried and then thrown away.</summary>
    Unknown,
}
