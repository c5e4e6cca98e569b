namespace KubeSharp.Storage;

/// <summary>A store failure that callers turn into an error for their own callers.</summary>
public class StorageException : Exception
{
    public StorageException(string message) : base(message)
    {
    }

    public StorageException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
