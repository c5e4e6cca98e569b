namespace KubeSharp.Storage;

/// <summary>Settings every backend shares.</summary>
public sealed record StorageOptions
{
    /// <summary>etcd's default request limit.</summary>
    public const long DefaultValueSizeLimit = 1536 * 1024;

    public long ValueSizeLimit { get; init; } = DefaultValueSizeLimit;

    /// <summary>Events a watcher may fall behind by before the store cuts it off.</summary>
    public int WatchBufferSize { get; init; } = 10_000;

    /// <summary>How often an idle watch is told how far the store has got.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public void Validate()
    {
        if (ValueSizeLimit <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ValueSizeLimit), ValueSizeLimit, "must be positive");
        }

        if (WatchBufferSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(WatchBufferSize), WatchBufferSize, "must be positive");
        }

        if (ProgressInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ProgressInterval), ProgressInterval, "must be positive");
        }
    }
}
