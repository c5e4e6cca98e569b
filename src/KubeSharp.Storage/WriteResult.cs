namespace KubeSharp.Storage;

/// <summary>
/// The outcome of a write. <see cref="Current"/> is the key as written on <see cref="WriteStatus.Ok"/>
/// (for a delete: the value that was deleted), the key as it is now on AlreadyExists or Conflict,
/// and null on NotFound. <see cref="Revision"/> is the write's revision when Ok, else the store's.
/// </summary>
public sealed record WriteResult(WriteStatus Status, long Revision, KeyValue? Current)
{
    public bool Succeeded => Status == WriteStatus.Ok;
}
