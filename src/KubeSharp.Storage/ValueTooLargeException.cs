namespace KubeSharp.Storage;

/// <summary>A value over the store's size limit (the API server answers 413); nothing was written.</summary>
public sealed class ValueTooLargeException(string key, long size, long limit)
    : StorageException($"value for {key} is {size} bytes, over the store's limit of {limit} bytes")
{
    public long Size { get; } = size;

    public long Limit { get; } = limit;
}
