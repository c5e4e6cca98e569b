using k8s.Models;

namespace KubeSharp.Controllers.Deployment;

/// <summary>
/// A Deployment's and a ReplicaSet's fields as upstream's controller reads them. The API server
/// defaults replicas to 1, so an absent count reads as that.
/// </summary>
internal static class Deployments
{
    public const string RollingUpdateStrategy = "RollingUpdate";
    public const string RecreateStrategy = "Recreate";

    public static int Replicas(V1Deployment d) => d.Spec?.Replicas ?? 1;

    public static int Replicas(V1ReplicaSet rs) => rs.Spec?.Replicas ?? 1;

    public static int AvailableReplicas(V1ReplicaSet rs) => rs.Status?.AvailableReplicas ?? 0;

    public static bool IsRollingUpdate(V1Deployment d) => d.Spec?.Strategy?.Type == RollingUpdateStrategy;

    public static bool IsPaused(V1Deployment d) => d.Spec?.Paused == true;

    /// <summary>HasProgressDeadline: set, and not MaxInt32 (which means "never time out").</summary>
    public static bool HasProgressDeadline(V1Deployment d) => d.Spec?.ProgressDeadlineSeconds is { } seconds && seconds != int.MaxValue;

    /// <summary>HasRevisionHistoryLimit: set, and not MaxInt32 (which means "keep every revision").</summary>
    public static bool HasRevisionHistoryLimit(V1Deployment d) => d.Spec?.RevisionHistoryLimit is { } limit && limit != int.MaxValue;
}
