using KubeSharp.Storage;

namespace KubeSharp.ApiServer.Watch;

/// <summary>
/// A change as the watch cache hands it to API watchers: Created/Modified/Deleted with the object
/// (for Deleted: the last state, at the deletion's revision), or Progress (no object).
/// </summary>
internal sealed record CacheEvent(WatchEventType Type, long Revision, CachedObject? Object, CachedObject? Previous);
