namespace KubeSharp.Storage;

/// <summary>The store ended a watch (for example a watcher too slow to keep up); the caller re-lists or re-watches.</summary>
public sealed class WatchClosedException(string reason) : StorageException($"watch closed by the store: {reason}");
