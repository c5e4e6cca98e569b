namespace KubeSharp.Storage.Sqlite;

internal enum WriteKind
{
    Create,
    Update,
    Delete,
}

/// <summary>A write waiting for the single writer; completed after its batch commits.</summary>
internal sealed class WriteOperation(WriteKind kind, string key, byte[]? value, long expectedModRevision)
{
    private readonly TaskCompletionSource<WriteResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WriteKind Kind { get; } = kind;

    public string Key { get; } = key;

    public byte[]? Value { get; } = value;

    public long ExpectedModRevision { get; } = expectedModRevision;

    public Task<WriteResult> Task => _completion.Task;

    public void Complete(WriteResult result) => _completion.TrySetResult(result);

    public void Fail(Exception error) => _completion.TrySetException(error);
}
