namespace KubeSharp.Controllers.GarbageCollector;

internal enum DeletionAction
{
    /// <summary>Some owner still holds the object and no reference needs removing.</summary>
    Keep,

    /// <summary>Some owner still holds the object: only the references to absent or foreground-deleting owners go.</summary>
    RemoveReferences,

    /// <summary>No owner holds the object any more.</summary>
    Delete,
}

/// <summary>
/// What attemptToDeleteItem does with an object once its owner references are classified
/// (upstream's switch there): keep it, drop the references that no longer hold it, or delete it
/// with a propagation policy.
/// </summary>
internal sealed record DeletionDecision(DeletionAction Action, IReadOnlyList<string> ReferencesToRemove, string? Policy, bool UnblockOwnerReferences)
{
    public const string Background = "Background";
    public const string Foreground = "Foreground";
    public const string Orphan = "Orphan";

    public static readonly DeletionDecision Keep = new(DeletionAction.Keep, [], null, false);

    /// <param name="references">The object's owner references with what each points at.</param>
    /// <param name="finalizers">The object's finalizers: a deletion policy already asked for is honoured.</param>
    /// <param name="hasDependents">The object owns something itself.</param>
    /// <param name="aDependentIsDeletingDependents">One of its dependents is itself being deleted in the foreground.</param>
    public static DeletionDecision Decide(
        IReadOnlyList<(OwnerReference Reference, ReferenceState State)> references,
        IReadOnlyList<string> finalizers,
        bool hasDependents,
        bool aDependentIsDeletingDependents)
    {
        var solid = references.Count(r => r.State == ReferenceState.Solid);
        var dangling = references.Where(r => r.State == ReferenceState.Dangling).Select(r => r.Reference.Uid).ToList();
        var waiting = references.Where(r => r.State == ReferenceState.WaitingForDependentsDeletion).Select(r => r.Reference.Uid).ToList();
        if (solid > 0)
        {
            // A reference to a foreground-deleting owner must go too, or that owner waits for this object forever.
            return dangling.Count == 0 && waiting.Count == 0
                ? Keep
                : new DeletionDecision(DeletionAction.RemoveReferences, [.. dangling, .. waiting], null, false);
        }

        if (waiting.Count > 0 && hasDependents)
        {
            // Deleted in the foreground so its own dependents go first; a dependent also deleting in the
            // foreground might wait on it in a cycle, so its references stop blocking first.
            return new DeletionDecision(DeletionAction.Delete, [], Foreground, aDependentIsDeletingDependents);
        }

        var policy = finalizers.Contains(GarbageCollector.OrphanFinalizer, StringComparer.Ordinal) ? Orphan
            : finalizers.Contains(GarbageCollector.ForegroundFinalizer, StringComparer.Ordinal) ? Foreground
            : Background;
        return new DeletionDecision(DeletionAction.Delete, [], policy, false);
    }
}
