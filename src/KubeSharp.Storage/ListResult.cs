namespace KubeSharp.Storage;

/// <summary>A page of a listing: the items, the revision it was read at, and whether more follow.</summary>
public sealed record ListResult(IReadOnlyList<KeyValue> Items, long Revision, bool More);
