namespace KubeSharp.Storage;

/// <summary>How a compare-and-swap write ended.</summary>
public enum WriteStatus
{
    /// <summary>Applied.</summary>
    Ok,

    /// <summary>Create found the key already there; nothing written.</summary>
    AlreadyExists,

    /// <summary>The key's modRevision was not the expected one; nothing written.</summary>
    Conflict,

    /// <summary>Update or delete found no such key; nothing written.</summary>
    NotFound,
}
