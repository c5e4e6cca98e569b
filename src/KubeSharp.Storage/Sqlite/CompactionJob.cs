namespace KubeSharp.Storage.Sqlite;

/// <summary>A compaction the writer carries out one step of revisions at a time, between write batches.</summary>
internal sealed class CompactionJob(long target)
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Target { get; } = target;

    /// <summary>Revisions at or below this have been physically compacted.</summary>
    public long Done { get; set; }

    public bool Started { get; set; }

    public Task Task => _completion.Task;

    public void Complete() => _completion.TrySetResult();

    public void Fail(Exception error) => _completion.TrySetException(error);
}
