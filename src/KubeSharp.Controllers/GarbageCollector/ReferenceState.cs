namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>What an owner reference points at, by asking the API server (upstream's classifyReferences).</summary>
internal enum ReferenceState
{
    /// <summary>The owner exists and is not waiting for its dependents.</summary>
    Solid,

    /// <summary>No such owner: absent, or the name now belongs to an object with another uid.</summary>
    Dangling,

    /// <summary>The owner is being deleted in the foreground (deletionTimestamp and foregroundDeletion).</summary>
    WaitingForDependentsDeletion,

    /// <summary>A cluster-scoped object names a namespaced owner: never resolvable, so not retried.</summary>
    Invalid,
}
