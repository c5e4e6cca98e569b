namespace KubeSharp.Storage;

/// <summary>The store's file or endpoints cannot be used (corrupt, foreign, locked, unreachable); nothing was changed.</summary>
public sealed class StorageOpenException : StorageException
{
    public StorageOpenException(string message) : base(message)
    {
    }

    public StorageOpenException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
