using System.Threading.Channels;

namespace KubeSharp.Storage;

/// <summary>
/// The cluster's state store, shaped like etcd: one global revision that every write bumps,
/// compare-and-swap writes on a key's modRevision, reads at a past revision, and watches that
/// replay history from a revision and then follow live changes.
/// Only the API server talks to it.
/// </summary>
public interface IStorageBackend : IAsyncDisposable
{
    /// <summary>The revision of the newest write the store has acknowledged.</summary>
    Task<long> GetCurrentRevisionAsync(CancellationToken cancellationToken);

    /// <summary>The key as of <paramref name="atRevision"/> (0 = now), or null if it did not exist then.</summary>
    /// <exception cref="CompactedException">The revision is older than the compacted revision.</exception>
    Task<KeyValue?> GetAsync(string key, long atRevision, CancellationToken cancellationToken);

    /// <summary>
    /// Keys under <paramref name="prefix"/> in key order, as of <paramref name="atRevision"/> (0 = now),
    /// starting after <paramref name="continueAfterKey"/>; at most <paramref name="limit"/> items (0 = all).
    /// Later pages pass the first page's revision so the whole listing is one snapshot.
    /// </summary>
    Task<ListResult> ListAsync(string prefix, long atRevision, string? continueAfterKey, int limit, CancellationToken cancellationToken);

    /// <summary>How many keys exist under <paramref name="prefix"/> now.</summary>
    Task<long> CountAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Creates the key; <see cref="WriteStatus.AlreadyExists"/> if it exists.</summary>
    Task<WriteResult> CreateAsync(string key, byte[] value, CancellationToken cancellationToken);

    /// <summary>Replaces the value if the key's modRevision is still <paramref name="expectedModRevision"/>.</summary>
    Task<WriteResult> UpdateAsync(string key, byte[] value, long expectedModRevision, CancellationToken cancellationToken);

    /// <summary>Deletes the key if its modRevision is still <paramref name="expectedModRevision"/>.</summary>
    Task<WriteResult> DeleteAsync(string key, long expectedModRevision, CancellationToken cancellationToken);

    /// <summary>
    /// Changes under <paramref name="prefix"/> with revision ≥ <paramref name="fromRevision"/>
    /// (0 = from when the watch is established, which for etcd is a moment after this call returns:
    /// pass an explicit revision when no change may be missed), in revision order, interleaved with
    /// progress notifications.
    /// The channel completes with <see cref="CompactedException"/> when the history needed is gone,
    /// with <see cref="WatchClosedException"/> when the store cut the watch off, and normally when
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    ChannelReader<WatchEvent> Watch(string prefix, long fromRevision, CancellationToken cancellationToken);

    /// <summary>
    /// Asks every watch for a progress notification now, so a reader can learn promptly that a
    /// watch has caught up with the store's current revision (consistent reads from a cache).
    /// </summary>
    void RequestProgress();

    /// <summary>Drops the history at and below <paramref name="revision"/>; reads and watches below it fail with <see cref="CompactedException"/>.</summary>
    Task CompactAsync(long revision, CancellationToken cancellationToken);

    /// <summary>The revision of the last compaction (0 if none).</summary>
    Task<long> GetCompactedRevisionAsync(CancellationToken cancellationToken);
}
