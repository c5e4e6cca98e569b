using KubeSharp.Controllers.GarbageCollector;

namespace KubeSharp.Controllers.Tests.GarbageCollector;

/// <summary>What attemptToDelete does with an object, given what each of its owner references points at.</summary>
public sealed class DeletionDecisionTests
{
    private static readonly OwnerReference Alive = new("v1", "ConfigMap", "alive", "u-alive");
    private static readonly OwnerReference Gone = new("v1", "ConfigMap", "gone", "u-gone");
    private static readonly OwnerReference Deleting = new("v1", "ConfigMap", "deleting", "u-deleting", BlockOwnerDeletion: true);

    [Fact]
    public void An_object_with_a_live_owner_is_kept()
    {
        var decision = DeletionDecision.Decide([(Alive, ReferenceState.Solid)], [], hasDependents: false, aDependentIsDeletingDependents: false);

        Assert.Equal(DeletionAction.Keep, decision.Action);
    }

    [Fact]
    public void An_object_with_a_live_owner_loses_only_its_references_to_absent_and_foreground_deleting_owners()
    {
        var decision = DeletionDecision.Decide(
            [(Alive, ReferenceState.Solid), (Gone, ReferenceState.Dangling), (Deleting, ReferenceState.WaitingForDependentsDeletion)],
            [],
            hasDependents: true,
            aDependentIsDeletingDependents: false);

        Assert.Equal(DeletionAction.RemoveReferences, decision.Action);
        Assert.Equal(["u-gone", "u-deleting"], decision.ReferencesToRemove);
    }

    [Fact]
    public void An_object_whose_owners_are_all_gone_is_deleted_in_the_background()
    {
        var decision = DeletionDecision.Decide([(Gone, ReferenceState.Dangling)], [], hasDependents: true, aDependentIsDeletingDependents: false);

        Assert.Equal(DeletionAction.Delete, decision.Action);
        Assert.Equal(DeletionDecision.Background, decision.Policy);
        Assert.False(decision.UnblockOwnerReferences);
    }

    [Theory]
    [InlineData("orphan", "Orphan")]
    [InlineData("foregroundDeletion", "Foreground")]
    public void A_policy_already_asked_for_through_a_finalizer_is_honoured(string finalizer, string policy)
    {
        var decision = DeletionDecision.Decide([(Gone, ReferenceState.Dangling)], [finalizer], hasDependents: false, aDependentIsDeletingDependents: false);

        Assert.Equal(DeletionAction.Delete, decision.Action);
        Assert.Equal(policy, decision.Policy);
    }

    [Fact]
    public void A_dependent_of_a_foreground_deletion_with_dependents_of_its_own_is_deleted_in_the_foreground()
    {
        var decision = DeletionDecision.Decide([(Deleting, ReferenceState.WaitingForDependentsDeletion)], [], hasDependents: true, aDependentIsDeletingDependents: false);

        Assert.Equal(DeletionAction.Delete, decision.Action);
        Assert.Equal(DeletionDecision.Foreground, decision.Policy);
        Assert.False(decision.UnblockOwnerReferences);
    }

    [Fact]
    public void A_possible_foreground_cycle_unblocks_the_references_first()
    {
        var decision = DeletionDecision.Decide([(Deleting, ReferenceState.WaitingForDependentsDeletion)], [], hasDependents: true, aDependentIsDeletingDependents: true);

        Assert.Equal(DeletionDecision.Foreground, decision.Policy);
        Assert.True(decision.UnblockOwnerReferences);
    }

    [Fact]
    public void A_leaf_dependent_of_a_foreground_deletion_is_deleted_in_the_background()
    {
        var decision = DeletionDecision.Decide(
            [(Deleting, ReferenceState.WaitingForDependentsDeletion), (Gone, ReferenceState.Dangling)], [], hasDependents: false, aDependentIsDeletingDependents: false);

        Assert.Equal(DeletionAction.Delete, decision.Action);
        Assert.Equal(DeletionDecision.Background, decision.Policy);
    }
}
