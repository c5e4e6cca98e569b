using k8s.Models;
using KubeSharp.Controllers.Deployment;

namespace KubeSharp.Controllers.Tests.Deployment;

/// <summary>deployment_util_test.go's TestDeploymentComplete, TestDeploymentProgressing and TestDeploymentTimedOut, and the progress check's timing.</summary>
public sealed class DeploymentConditionsTests
{
    private static readonly DateTimeOffset Start = new(2016, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(5, 5, 5, 4, 1, 0, false)]
    [InlineData(5, 5, 5, 3, 1, 0, false)]
    [InlineData(5, 5, 5, 5, 0, 0, true)]
    [InlineData(5, 5, 4, 5, 0, 0, false)]
    [InlineData(1, 2, 1, 1, 0, 1, false)]
    [InlineData(1, 1, 1, 0, 1, 1, false)]
    public void Complete_means_every_replica_updated_and_available_and_no_old_ones(int desired, int current, int updated, int available, int maxUnavailable, int maxSurge, bool expected)
    {
        var d = Builders.Deployment(desired, maxSurge: Builders.Count(maxSurge), maxUnavailable: Builders.Count(maxUnavailable));
        d.Metadata.Generation = null;
        d.Status = new V1DeploymentStatus { Replicas = current, UpdatedReplicas = updated, AvailableReplicas = available };

        Assert.Equal(expected, DeploymentConditions.DeploymentComplete(d, d.Status));
    }

    [Fact]
    public void An_unobserved_generation_is_not_complete()
    {
        var d = Builders.Deployment(1);
        d.Metadata.Generation = 2;
        var status = new V1DeploymentStatus { Replicas = 1, UpdatedReplicas = 1, AvailableReplicas = 1, ObservedGeneration = 1 };

        Assert.False(DeploymentConditions.DeploymentComplete(d, status));
    }

    [Theory]
    [InlineData(new[] { 10, 4, 4, 4 }, new[] { 10, 6, 4, 4 }, true)]
    [InlineData(new[] { 10, 6, 6, 6 }, new[] { 10, 6, 6, 6 }, false)]
    [InlineData(new[] { 10, 6, 6, 6 }, new[] { 8, 6, 6, 6 }, true)]
    [InlineData(new[] { 10, 7, 3, 3 }, new[] { 10, 6, 3, 3 }, false)]
    [InlineData(new[] { 10, 4, 7, 7 }, new[] { 8, 8, 5, 5 }, true)]
    [InlineData(new[] { 10, 10, 9, 8 }, new[] { 10, 10, 10, 8 }, true)]
    [InlineData(new[] { 10, 10, 10, 9 }, new[] { 10, 10, 10, 10 }, true)]
    public void Progress_is_more_updated_ready_or_available_pods_or_fewer_old_ones(int[] before, int[] after, bool expected)
    {
        var d = Builders.Deployment(10);
        d.Status = Status(before);

        Assert.Equal(expected, DeploymentConditions.DeploymentProgressing(d, Status(after)));
    }

    [Theory]
    [InlineData(null, 9, false)]
    [InlineData(int.MaxValue, 9, false)]
    [InlineData(10, 9, true)]
    [InlineData(10, 11, false)]
    public void A_rollout_times_out_when_no_progress_is_reported_for_the_deadline(int? progressDeadlineSeconds, int lastUpdateSecond, bool expected)
    {
        var d = Progressing(progressDeadlineSeconds, string.Empty, Start.AddMinutes(1).AddSeconds(lastUpdateSecond));

        Assert.Equal(expected, DeploymentConditions.DeploymentTimedOut(d, d.Status, Start.AddMinutes(1).AddSeconds(20)));
    }

    [Fact]
    public void A_complete_rollout_never_times_out_and_a_timed_out_one_stays_so()
    {
        var complete = Progressing(10, DeploymentConditions.NewRSAvailableReason, Start);
        var timedOut = Progressing(10, DeploymentConditions.TimedOutReason, Start.AddDays(1));

        Assert.False(DeploymentConditions.DeploymentTimedOut(complete, complete.Status, Start.AddDays(1)));
        Assert.True(DeploymentConditions.DeploymentTimedOut(timedOut, timedOut.Status, Start));
    }

    [Fact]
    public void A_stuck_rollout_is_looked_at_again_when_its_deadline_passes()
    {
        var d = Progressing(600, DeploymentConditions.ReplicaSetUpdatedReason, Start);
        var notDone = new V1DeploymentStatus { Replicas = 3, UpdatedReplicas = 1 };

        Assert.Equal(TimeSpan.FromMinutes(7), DeploymentConditions.ProgressCheckDelay(d, notDone, Start.AddMinutes(3)));
        Assert.Null(DeploymentConditions.ProgressCheckDelay(Progressing(null, DeploymentConditions.ReplicaSetUpdatedReason, Start), notDone, Start));
        Assert.Null(DeploymentConditions.ProgressCheckDelay(Progressing(600, DeploymentConditions.TimedOutReason, Start), notDone, Start));
    }

    [Fact]
    public void Setting_a_condition_keeps_its_transition_time_while_its_status_is_unchanged()
    {
        var status = new V1DeploymentStatus();
        DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, DeploymentConditions.True, DeploymentConditions.NewReplicaSetReason, "created", Start));
        DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Available, DeploymentConditions.False, DeploymentConditions.MinimumReplicasUnavailable, "no", Start));

        DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, DeploymentConditions.True, DeploymentConditions.NewRSAvailableReason, "done", Start.AddMinutes(1)));
        var progressing = DeploymentConditions.Get(status, DeploymentConditions.Progressing)!;
        Assert.Equal((Start.UtcDateTime, Start.AddMinutes(1).UtcDateTime, "done"), (progressing.LastTransitionTime, progressing.LastUpdateTime, progressing.Message));
        Assert.Equal([DeploymentConditions.Available, DeploymentConditions.Progressing], status.Conditions.Select(c => c.Type));

        // The same status and reason: nothing changes, not even the message.
        DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, DeploymentConditions.True, DeploymentConditions.NewRSAvailableReason, "again", Start.AddMinutes(2)));
        Assert.Equal("done", DeploymentConditions.Get(status, DeploymentConditions.Progressing)!.Message);

        DeploymentConditions.Remove(status, DeploymentConditions.Available);
        DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
        Assert.Null(status.Conditions);
    }

    [Fact]
    public void Condition_times_are_whole_seconds()
    {
        var condition = DeploymentConditions.New(DeploymentConditions.Available, DeploymentConditions.True, DeploymentConditions.MinimumReplicasAvailable, "ok", Start.AddMilliseconds(1500));

        Assert.Equal(Start.AddSeconds(1).UtcDateTime, condition.LastUpdateTime);
        Assert.Equal(DateTimeKind.Utc, condition.LastUpdateTime!.Value.Kind);
    }

    private static V1DeploymentStatus Status(int[] counts) => new()
    {
        Replicas = counts[0],
        UpdatedReplicas = counts[1],
        ReadyReplicas = counts[2],
        AvailableReplicas = counts[3],
    };

    private static V1Deployment Progressing(int? progressDeadlineSeconds, string reason, DateTimeOffset lastUpdate)
    {
        var d = Builders.Deployment(3);
        d.Spec.ProgressDeadlineSeconds = progressDeadlineSeconds;
        d.Status = new V1DeploymentStatus
        {
            Conditions =
            [
                new V1DeploymentCondition
                {
                    Type = DeploymentConditions.Progressing,
                    Status = DeploymentConditions.True,
                    Reason = reason,
                    LastUpdateTime = lastUpdate.UtcDateTime,
                    LastTransitionTime = lastUpdate.UtcDateTime,
                },
            ],
        };
        return d;
    }
}
