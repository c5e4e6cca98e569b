namespace KubeSharp.Storage;

/// <summary>
/// A write may or may not have been applied (the connection to the store was lost after the request
/// was sent). Unlike a conflict, the caller must re-read the key to learn what happened.
/// </summary>
public sealed class UnknownOutcomeException(string key, Exception innerException)
    : StorageException($"the outcome of the write to {key} is unknown: {innerException.Message}", innerException)
{
    public string Key { get; } = key;
}
