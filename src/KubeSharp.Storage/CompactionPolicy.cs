namespace KubeSharp.Storage;

/// <summary>
/// How much history the store keeps: everything newer than <see cref="MinRetention"/> and at least
/// the last <see cref="MinRevisions"/> revisions, checked every <see cref="Interval"/>.
/// </summary>
public sealed record CompactionPolicy
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan MinRetention { get; init; } = TimeSpan.FromMinutes(5);

    public long MinRevisions { get; init; } = 10_000;

    public void Validate()
    {
        if (Interval <= TimeSpan.Zero || MinRetention < TimeSpan.Zero || MinRevisions < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CompactionPolicy), this, "interval must be positive, retention and revisions not negative");
        }
    }
}
