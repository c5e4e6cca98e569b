using k8s.Models;

namespace KubeSharp.Controllers.Deployment;

/// <summary>
/// The Deployment's conditions (deployment_util): Available (minimum availability) and Progressing
/// (what the rollout last did, or that it is stuck past progressDeadlineSeconds), with upstream's
/// reasons, and the tests of completion, progress and timeout they are set by.
/// </summary>
internal static class DeploymentConditions
{
    public const string Available = "Available";
    public const string Progressing = "Progressing";
    public const string ReplicaFailure = "ReplicaFailure";

    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";

    // Progressing reasons.
    public const string ReplicaSetUpdatedReason = "ReplicaSetUpdated";
    public const string FailedRSCreateReason = "ReplicaSetCreateError";
    public const string NewReplicaSetReason = "NewReplicaSetCreated";
    public const string FoundNewRSReason = "FoundNewReplicaSet";
    public const string NewRSAvailableReason = "NewReplicaSetAvailable";
    public const string TimedOutReason = "ProgressDeadlineExceeded";
    public const string PausedDeployReason = "DeploymentPaused";
    public const string ResumedDeployReason = "DeploymentResumed";

    // Available reasons.
    public const string MinimumReplicasAvailable = "MinimumReplicasAvailable";
    public const string MinimumReplicasUnavailable = "MinimumReplicasUnavailable";

    public static V1DeploymentCondition New(string type, string status, string reason, string message, DateTimeOffset now)
    {
        var at = WholeSeconds(now);
        return new V1DeploymentCondition { Type = type, Status = status, Reason = reason, Message = message, LastUpdateTime = at, LastTransitionTime = at };
    }

    /// <summary>metav1.Time is whole seconds on the wire; a finer time would never compare equal to the stored one.</summary>
    public static DateTime WholeSeconds(DateTimeOffset now) => new(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    public static V1DeploymentCondition? Get(V1DeploymentStatus? status, string type) =>
        status?.Conditions?.FirstOrDefault(condition => condition.Type == type);

    /// <summary>
    /// SetDeploymentCondition: nothing if the status and reason are the same; the transition time
    /// is kept if only the reason changes. The condition goes last.
    /// </summary>
    public static void Set(V1DeploymentStatus status, V1DeploymentCondition condition)
    {
        var current = Get(status, condition.Type);
        if (current is not null && current.Status == condition.Status && current.Reason == condition.Reason)
        {
            return;
        }

        if (current is not null && current.Status == condition.Status)
        {
            condition.LastTransitionTime = current.LastTransitionTime;
        }

        var conditions = status.Conditions?.Where(c => c.Type != condition.Type).ToList() ?? [];
        conditions.Add(condition);
        status.Conditions = conditions;
    }

    public static void Remove(V1DeploymentStatus status, string type)
    {
        var rest = status.Conditions?.Where(c => c.Type != type).ToList();
        status.Conditions = rest is { Count: > 0 } ? rest : null;
    }

    /// <summary>
    /// getReplicaFailures: the new ReplicaSet's ReplicaFailure conditions, else the others', as
    /// Deployment conditions (a quota refusing pods shows on the Deployment).
    /// </summary>
    public static List<V1DeploymentCondition> ReplicaFailures(IEnumerable<V1ReplicaSet?> allRSs, V1ReplicaSet? newRS)
    {
        var failures = Failures(newRS).ToList();
        return failures.Count > 0 ? failures : [.. allRSs.SelectMany(Failures)];
    }

    /// <summary>DeploymentComplete: every desired replica updated and available, no old pods, and the latest spec seen.</summary>
    public static bool DeploymentComplete(V1Deployment d, V1DeploymentStatus status)
    {
        var replicas = Deployments.Replicas(d);
        return (status.UpdatedReplicas ?? 0) == replicas
            && (status.Replicas ?? 0) == replicas
            && (status.AvailableReplicas ?? 0) == replicas
            && (status.ObservedGeneration ?? 0) >= (d.Metadata?.Generation ?? 0);
    }

    /// <summary>DeploymentProgressing: more updated, ready or available pods, or fewer old ones, than the current status says.</summary>
    public static bool DeploymentProgressing(V1Deployment d, V1DeploymentStatus newStatus)
    {
        var old = d.Status ?? new V1DeploymentStatus();
        var oldStatusOldReplicas = (old.Replicas ?? 0) - (old.UpdatedReplicas ?? 0);
        var newStatusOldReplicas = (newStatus.Replicas ?? 0) - (newStatus.UpdatedReplicas ?? 0);
        return (newStatus.UpdatedReplicas ?? 0) > (old.UpdatedReplicas ?? 0)
            || newStatusOldReplicas < oldStatusOldReplicas
            || (newStatus.ReadyReplicas ?? 0) > (old.ReadyReplicas ?? 0)
            || (newStatus.AvailableReplicas ?? 0) > (old.AvailableReplicas ?? 0);
    }

    /// <summary>
    /// DeploymentTimedOut: no progress reported for progressDeadlineSeconds, or already reported
    /// as timed out. A completed rollout never times out (its condition may be older than the
    /// deadline when a new ReplicaSet's creation is seen before the Deployment's new condition).
    /// </summary>
    public static bool DeploymentTimedOut(V1Deployment d, V1DeploymentStatus newStatus, DateTimeOffset now)
    {
        if (!Deployments.HasProgressDeadline(d) || Get(newStatus, Progressing) is not { } condition)
        {
            return false;
        }

        return condition.Reason switch
        {
            NewRSAvailableReason => false,
            TimedOutReason => true,
            _ => Utc(condition.LastUpdateTime).AddSeconds(d.Spec.ProgressDeadlineSeconds ?? 0) < now,
        };
    }

    /// <summary>
    /// requeueStuckDeployment's estimate: how long until a rollout that shows no progress passes
    /// its deadline (last progress + progressDeadlineSeconds - now); null when nothing can time out.
    /// </summary>
    public static TimeSpan? ProgressCheckDelay(V1Deployment d, V1DeploymentStatus newStatus, DateTimeOffset now)
    {
        var current = Get(d.Status, Progressing);
        if (!Deployments.HasProgressDeadline(d) || current is null)
        {
            return null;
        }

        if (DeploymentComplete(d, newStatus) || current.Reason == TimedOutReason)
        {
            return null;
        }

        return Utc(current.LastUpdateTime).AddSeconds(d.Spec.ProgressDeadlineSeconds ?? 0) - now;
    }

    private static IEnumerable<V1DeploymentCondition> Failures(V1ReplicaSet? rs) =>
        (rs?.Status?.Conditions ?? []).Where(c => c.Type == ReplicaFailure).Select(c => new V1DeploymentCondition
        {
            Type = c.Type,
            Status = c.Status,
            Reason = c.Reason,
            Message = c.Message,
            LastTransitionTime = c.LastTransitionTime,
            LastUpdateTime = c.LastTransitionTime,
        });

    /// <summary>A condition time as an instant; a missing one is Go's zero time, long past.</summary>
    private static DateTimeOffset Utc(DateTime? time) => new(DateTime.SpecifyKind(time ?? DateTime.MinValue, DateTimeKind.Utc));
}
