using k8s.Models;
using KubeSharp.Client.Informers;
using KubeSharp.Scheduler.Cache;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Queue;

namespace KubeSharp.Scheduler;

/// <summary>
/// The informers' events as the scheduler uses them: pending pods of its profiles go to the queue;
/// bound pods and nodes go to the cache; and changes that may free room move unschedulable pods back.
/// </summary>
internal sealed class PodEventHandler(SchedulerCache cache, SchedulingQueue queue, IReadOnlySet<string> schedulerNames) : IResourceEventHandler<V1Pod>
{
    public void OnAdd(V1Pod item)
    {
        if (IsAssigned(item))
        {
            cache.AddPod(item);
            queue.MoveAllToActiveOrBackoffQueue(new ClusterEvent(EventResource.Pod, ActionType.Add));
        }
        else if (IsOurs(item))
        {
            queue.Add(item);
        }
    }

    public void OnUpdate(V1Pod old, V1Pod current)
    {
        if (IsAssigned(current))
        {
            if (!IsAssigned(old))
            {
                // The binding was observed: the pod leaves the queue and its assumption is confirmed.
                queue.Delete(old);
                cache.AddPod(current);
                queue.MoveAllToActiveOrBackoffQueue(new ClusterEvent(EventResource.Pod, ActionType.Add));
                return;
            }

            cache.UpdatePod(current);
            if (IsTerminal(current) && !IsTerminal(old))
            {
                queue.MoveAllToActiveOrBackoffQueue(new ClusterEvent(EventResource.Pod, ActionType.Delete));
            }
            else if (!SameLabels(old, current))
            {
                queue.MoveAllToActiveOrBackoffQueue(new ClusterEvent(EventResource.Pod, ActionType.UpdatePodLabel));
            }

            return;
        }

        if (!IsOurs(current))
        {
            if (IsOurs(old))
            {
                queue.Delete(old);
            }

            return;
        }

        if (!cache.IsAssumed(current))
        {
            queue.Update(old, current);
        }
    }

    public void OnDelete(V1Pod item)
    {
        if (IsAssigned(item))
        {
            cache.RemovePod(item);
            queue.MoveAllToActiveOrBackoffQueue(new ClusterEvent(EventResource.Pod, ActionType.Delete));
        }
        else
        {
            queue.Delete(item);
        }
    }

    private bool IsOurs(V1Pod pod) =>
        schedulerNames.Contains(pod.Spec?.SchedulerName ?? Config.SchedulerProfile.DefaultSchedulerName) && !IsTerminal(pod);

    private static bool IsAssigned(V1Pod pod) => !string.IsNullOrEmpty(pod.Spec?.NodeName);

    private static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    private static bool SameLabels(V1Pod a, V1Pod b)
    {
        var x = a.Metadata.Labels ?? new Dictionary<string, string>();
        var y = b.Metadata.Labels ?? new Dictionary<string, string>();
        return x.Count == y.Count && x.All(pair => y.TryGetValue(pair.Key, out var value) && value == pair.Value);
    }
}

/// <summary>Nodes go to the cache; a new or changed node may fit unschedulable pods.</summary>
internal sealed class NodeEventHandler(SchedulerCache cache, SchedulingQueue queue) : IResourceEventHandler<V1Node>
{
    public void OnAdd(V1Node item)
    {
        cache.AddNode(item);
        queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeAdd);
    }

    public void OnUpdate(V1Node old, V1Node current)
    {
        cache.UpdateNode(current);
        var change = Changes(old, current);
        if (change != 0)
        {
            queue.MoveAllToActiveOrBackoffQueue(new ClusterEvent(EventResource.Node, change));
        }
    }

    public void OnDelete(V1Node item) => cache.RemoveNode(item);

    /// <summary>Which scheduling-relevant parts changed (a heartbeat alone changes none).</summary>
    private static ActionType Changes(V1Node old, V1Node current)
    {
        ActionType change = 0;
        if (Json(old.Status?.Allocatable) != Json(current.Status?.Allocatable))
        {
            change |= ActionType.UpdateNodeAllocatable;
        }

        if (Json(old.Metadata.Labels) != Json(current.Metadata.Labels))
        {
            change |= ActionType.UpdateNodeLabel;
        }

        if (Json(old.Spec?.Taints) != Json(current.Spec?.Taints) || old.Spec?.Unschedulable != current.Spec?.Unschedulable)
        {
            change |= ActionType.UpdateNodeTaint;
        }

        if (Conditions(old) != Conditions(current))
        {
            change |= ActionType.UpdateNodeCondition;
        }

        if (Json(old.Status?.Images) != Json(current.Status?.Images))
        {
            change |= ActionType.UpdateNodeImages;
        }

        return change;
    }

    private static string Conditions(V1Node node) =>
        string.Join(';', (node.Status?.Conditions ?? []).Select(condition => $"{condition.Type}={condition.Status}"));

    private static string Json(object? value) => value is null ? string.Empty : k8s.KubernetesJson.Serialize(value);
}
