using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;

namespace KubeSharp.Controllers.PodGarbageCollector;

/// <summary>
/// The status patch the pod garbage collector sends before a forced deletion (upstream's
/// markFailedAndDeletePodWithCondition): phase Failed, since a pod with no kubelet left would
/// otherwise stay Running forever, plus a condition saying why, if there is one.
/// </summary>
internal static class FailedPodPatch
{
    /// <summary>A strategic merge patch for the status subresource; null when the pod is already finished.</summary>
    public static string? For(V1Pod pod, V1PodCondition? condition, DateTimeOffset now)
    {
        if (pod.Status?.Phase is "Succeeded" or "Failed")
        {
            return null;
        }

        var status = new JsonObject { ["phase"] = "Failed" };
        if (condition is not null)
        {
            // UpdatePodCondition: the transition time moves only when the condition's status changes.
            var existing = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == condition.Type);
            var since = existing is { LastTransitionTime: { } at } && existing.Status == condition.Status
                ? Utc(at)
                : now;
            status["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = condition.Type,
                ["status"] = condition.Status,
                ["reason"] = condition.Reason,
                ["message"] = condition.Message,
                ["lastTransitionTime"] = since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            });
        }

        return new JsonObject
        {
            // As upstream's PatchPodStatus: the uid pins the patch to this pod, not a namesake created since.
            ["metadata"] = new JsonObject { ["uid"] = pod.Metadata.Uid },
            ["status"] = status,
        }.ToJsonString();
    }

    /// <summary>API timestamps are UTC; one that lost its kind is read as UTC, not local time.</summary>
    private static DateTimeOffset Utc(DateTime value) =>
        new(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime());

    /// <summary>The DisruptionTarget condition upstream sets on pods whose node no longer exists.</summary>
    public static V1PodCondition NodeGone() => new()
    {
        Type = "DisruptionTarget",
        Status = "True",
        Reason = "DeletionByPodGC",
        Message = "PodGC: node no longer exists",
    };
}
