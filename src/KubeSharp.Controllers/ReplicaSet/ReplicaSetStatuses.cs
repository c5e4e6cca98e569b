using k8s.Autorest;
using k8s.Models;
using KubeSharp.Controllers.Shared;

namespace KubeSharp.Controllers.ReplicaSet;

/// <summary>calculateStatus: the counts over the owned active pods, and the ReplicaFailure condition.</summary>
internal static class ReplicaSetStatuses
{
    public static V1ReplicaSetStatus Calculate(V1ReplicaSet rs, List<V1Pod> owned, Exception? failure, DateTimeOffset now)
    {
        var templateLabels = rs.Spec.Template?.Metadata?.Labels ?? new Dictionary<string, string>();
        var minReady = rs.Spec.MinReadySeconds ?? 0;
        var status = new V1ReplicaSetStatus
        {
            Replicas = owned.Count,
            FullyLabeledReplicas = owned.Count(pod => templateLabels.All(pair => pod.Metadata.Labels?.TryGetValue(pair.Key, out var value) == true && value == pair.Value)),
            ReadyReplicas = owned.Count(PodStates.IsReady),
            AvailableReplicas = owned.Count(pod => PodStates.IsAvailable(pod, minReady, now)),
            ObservedGeneration = rs.Metadata.Generation,
            Conditions = rs.Status?.Conditions?.Where(condition => condition.Type != "ReplicaFailure").ToList(),
        };
        if (failure is not null)
        {
            var create = (rs.Status?.Replicas ?? owned.Count) < (rs.Spec.Replicas ?? 1);
            (status.Conditions ??= []).Add(new V1ReplicaSetCondition
            {
                Type = "ReplicaFailure",
                Status = "True",
                Reason = create ? "FailedCreate" : "FailedDelete",
                Message = failure is HttpOperationException http ? http.Response.Content : failure.Message,
                LastTransitionTime = now.UtcDateTime,
            });
        }

        if (status.Conditions is { Count: 0 })
        {
            status.Conditions = null;
        }

        return status;
    }

    public static bool Equal(V1ReplicaSetStatus? a, V1ReplicaSetStatus b) =>
        a is not null
        && a.Replicas == b.Replicas
        && (a.FullyLabeledReplicas ?? 0) == (b.FullyLabeledReplicas ?? 0)
        && (a.ReadyReplicas ?? 0) == (b.ReadyReplicas ?? 0)
        && (a.AvailableReplicas ?? 0) == (b.AvailableReplicas ?? 0)
        && a.ObservedGeneration == b.ObservedGeneration
        && (a.Conditions?.Count ?? 0) == (b.Conditions?.Count ?? 0)
        && (a.Conditions ?? []).Zip(b.Conditions ?? []).All(pair => pair.First.Type == pair.Second.Type && pair.First.Status == pair.Second.Status && pair.First.Message == pair.Second.Message);
}
