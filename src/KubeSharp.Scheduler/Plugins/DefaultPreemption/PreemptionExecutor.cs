using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.DefaultPreemption;

/// <summary>
/// Carries out a chosen preemption through the API (prepareCandidate upstream): victims get the
/// DisruptionTarget condition and are deleted (pods waiting at Permit are rejected instead), and
/// lower-priority pods nominated to the node lose their nomination so they look elsewhere.
/// </summary>
internal sealed class PreemptionExecutor(IFrameworkHandle handle)
{
    public const string DisruptionTarget = "DisruptionTarget";
    public const string PreemptionByScheduler = "PreemptionByScheduler";

    private const string ClearNomination = "{\"status\":{\"nominatedNodeName\":null}}";

    public async Task<Status> PrepareCandidateAsync(Candidate candidate, PodInfo preemptor, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(candidate.Victims.Select(victim => PreemptVictimAsync(victim, preemptor, cancellationToken)));
        }
        catch (Exception error) when (error is HttpOperationException or HttpRequestException)
        {
            return Status.Error($"preempting pods on node \"{candidate.NodeName}\": {error.Message}");
        }

        await ClearLowerPriorityNominationsAsync(candidate.NodeName, preemptor, cancellationToken);
        return Status.Success;
    }

    private async Task PreemptVictimAsync(PodInfo victim, PodInfo preemptor, CancellationToken cancellationToken)
    {
        if (victim.Uid is { Length: > 0 } uid && handle.GetWaitingPod(uid) is { } waiting)
        {
            waiting.Reject(DefaultPreemption.PluginName, "preempted");
            return;
        }

        var client = handle.Client;
        var name = victim.Pod.Metadata.Name;
        var ns = victim.Namespace;
        if (!HasPreemptionCondition(victim.Pod))
        {
            // Tells the kubelet and controllers why the pod goes, and marks it as preempted so the
            // preemptor waits for it to terminate rather than preempting more.
            var condition = new JsonObject
            {
                ["type"] = DisruptionTarget,
                ["status"] = "True",
                ["reason"] = PreemptionByScheduler,
                ["message"] = $"{preemptor.Pod.Spec?.SchedulerName}: preempting to accommodate a higher priority pod",
                ["lastTransitionTime"] = handle.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            };
            var patch = new JsonObject { ["status"] = new JsonObject { ["conditions"] = new JsonArray(condition) } };
            try
            {
                await client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.StrategicMergePatch), name, ns, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return;
            }
        }

        try
        {
            await client.CoreV1.DeleteNamespacedPodAsync(name, ns, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone: that is what preemption wanted.
        }
    }

    /// <summary>
    /// Lower-priority pods nominated to the node may no longer fit there; clearing the nomination
    /// requeues them. Failing here is not critical, as upstream: the nomination is only a hint.
    /// </summary>
    private async Task ClearLowerPriorityNominationsAsync(string nodeName, PodInfo preemptor, CancellationToken cancellationToken)
    {
        var client = handle.Client;
        foreach (var nominated in handle.NominatedPodsForNode(nodeName))
        {
            if (nominated.Priority >= preemptor.Priority)
            {
                continue;
            }

            try
            {
                await client.CoreV1.PatchNamespacedPodStatusAsync(
                    new V1Patch(ClearNomination, V1Patch.PatchType.MergePatch), nominated.Pod.Metadata.Name, nominated.Namespace, cancellationToken: cancellationToken);
            }
            catch (Exception error) when (error is HttpOperationException or HttpRequestException)
            {
                // See above: the pod keeps its stale nomination until it is scheduled again.
            }
        }
    }

    private static bool HasPreemptionCondition(V1Pod pod) =>
        pod.Status?.Conditions?.Any(condition => condition.Type == DisruptionTarget && condition.Status == "True" && condition.Reason == PreemptionByScheduler) == true;
}
