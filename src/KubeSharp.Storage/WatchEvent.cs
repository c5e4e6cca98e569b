namespace KubeSharp.Storage;

/// <summary>
/// One change seen by a watch. Created: <see cref="Current"/> only; Modified: both;
/// Deleted: <see cref="Previous"/> only (the value that was deleted); Progress: neither.
/// </summary>
public sealed record WatchEvent(WatchEventType Type, string Key, long Revision, KeyValue? Current, KeyValue? Previous)
{
    public static WatchEvent ProgressAt(long revision) => new(WatchEventType.Progress, string.Empty, revision, null, null);
}
