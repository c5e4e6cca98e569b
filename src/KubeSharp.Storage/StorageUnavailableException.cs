namespace KubeSharp.Storage;

/// <summary>The store could not be reached; nothing was written.</summary>
public sealed class StorageUnavailableException : StorageException
{
    public StorageUnavailableException(string message) : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
