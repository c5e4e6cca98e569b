namespace KubeSharp.Storage.Watch;

/// <summary>
/// Reads the stored changes under a prefix with revisions in [from, to], in revision order.
/// Throws <see cref="CompactedException"/> if any of them may have been compacted away.
/// </summary>
internal delegate IAsyncEnumerable<WatchEvent> WatchHistoryReader(string prefix, long fromRevision, long toRevision, CancellationToken cancellationToken);
