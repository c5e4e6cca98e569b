namespace KubeSharp.Kubelet.Prober;

/// <summary>The three container probes; the names are upstream's, as they appear in event messages.</summary>
internal enum ProbeKind
{
    Liveness,
    Readiness,
    Startup,
}
