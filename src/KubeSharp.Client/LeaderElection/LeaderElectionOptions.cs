namespace KubeSharp.Client.LeaderElection;

/// <summary>client-go's LeaderElectionConfig, with its defaults (15 s lease, 10 s renew deadline, 2 s retry).</summary>
public sealed record LeaderElectionOptions
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public required string Identity { get; init; }

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Give the lease up when stopped, so a successor need not wait for it to expire.</summary>
    public bool ReleaseOnCancel { get; init; } = true;
}
