namespace KubeSharp.Storage;

public enum WatchEventType
{
    Created,
    Modified,
    Deleted,

    /// <summary>No change: every event up to <see cref="WatchEvent.Revision"/> has been delivered.</summary>
    Progress,
}
