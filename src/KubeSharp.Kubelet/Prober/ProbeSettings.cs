using k8s.Models;

namespace KubeSharp.Kubelet.Prober;

/// <summary>A probe's timing and thresholds, with upstream's defaults for fields left unset (or zero).</summary>
internal sealed record ProbeSettings(int InitialDelaySeconds, TimeSpan Period, TimeSpan Timeout, int SuccessThreshold, int FailureThreshold)
{
    public const int DefaultPeriodSeconds = 10;
    public const int DefaultTimeoutSeconds = 1;
    public const int DefaultSuccessThreshold = 1;
    public const int DefaultFailureThreshold = 3;

    public static ProbeSettings From(V1Probe probe) => new(
        Positive(probe.InitialDelaySeconds, 0),
        TimeSpan.FromSeconds(Positive(probe.PeriodSeconds, DefaultPeriodSeconds)),
        TimeSpan.FromSeconds(Positive(probe.TimeoutSeconds, DefaultTimeoutSeconds)),
        Positive(probe.SuccessThreshold, DefaultSuccessThreshold),
        Positive(probe.FailureThreshold, DefaultFailureThreshold));

    private static int Positive(int? value, int fallback) => value is > 0 ? value.Value : fallback;
}
