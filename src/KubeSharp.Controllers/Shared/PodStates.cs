using k8s.Models;

namespace KubeSharp.Controllers.Shared;

/// <summary>upstream's podutil helpers: which pods count as active, ready and available.</summary>
public static class PodStates
{
    /// <summary>Not finished and not being deleted (controller.IsPodActive).</summary>
    public static bool IsActive(V1Pod pod) =>
        pod.Status?.Phase is not ("Succeeded" or "Failed") && pod.Metadata.DeletionTimestamp is null;

    public static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    /// <summary>The Ready condition is True.</summary>
    public static bool IsReady(V1Pod pod) => ReadyCondition(pod)?.Status == "True";

    /// <summary>Ready for at least minReadySeconds (podutil.IsPodAvailable).</summary>
    public static bool IsAvailable(V1Pod pod, int minReadySeconds, DateTimeOffset now)
    {
        var ready = ReadyCondition(pod);
        if (ready?.Status != "True")
        {
            return false;
        }

        return minReadySeconds == 0
            || (ready.LastTransitionTime is { } since && since.ToUniversalTime().AddSeconds(minReadySeconds) <= now.UtcDateTime);
    }

    public static V1PodCondition? ReadyCondition(V1Pod pod) => pod.Status?.Conditions?.FirstOrDefault(condition => condition.Type == "Ready");
}
