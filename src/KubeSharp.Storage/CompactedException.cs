namespace KubeSharp.Storage;

/// <summary>The history asked for was compacted away (the API server answers 410 Expired).</summary>
public sealed class CompactedException(long requestedRevision, long compactedRevision)
    : StorageException($"required revision {requestedRevision} has been compacted (compacted revision {compactedRevision})")
{
    public long RequestedRevision { get; } = requestedRevision;

    public long CompactedRevision { get; } = compactedRevision;
}
