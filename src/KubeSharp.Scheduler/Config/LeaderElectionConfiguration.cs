namespace KubeSharp.Scheduler.Config;

/// <summary>componentbaseconfig.LeaderElectionConfiguration with the scheduler's defaults.</summary>
public sealed record LeaderElectionConfiguration
{
    public bool LeaderElect { get; init; } = true;

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    public string ResourceNamespace { get; init; } = "kube-system";

    public string ResourceName { get; init; } = "kube-scheduler";
}
