namespace KubeSharp.Storage.Sqlite;

public sealed record SqliteOptions
{
    /// <summary>The most writes committed in one transaction (group commit).</summary>
    public int MaxBatch { get; init; } = 512;

    /// <summary>Revisions removed per compaction transaction, so writers are never held up for long.</summary>
    public int CompactionStep { get; init; } = 10_000;

    /// <summary>Null turns periodic compaction off (tests compact by hand).</summary>
    public CompactionPolicy? Compaction { get; init; } = new();

    /// <summary>Read connections kept open for reuse.</summary>
    public int MaxIdleReaders { get; init; } = 16;
}
