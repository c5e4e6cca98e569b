using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.Helper;

/// <summary>
/// The inputs of resource scoring (noderesources' resourceAllocationScorer): per configured
/// resource, what the node can allocate and what would be requested with the pod on it.
/// </summary>
public static class ResourceAllocation
{
    /// <summary>
    /// The pod's request of each resource, in the order given. Unless useRequested, cpu and memory
    /// count the scoring defaults for containers that request none (so empty pods still spread).
    /// </summary>
    public static long[] PodRequests(PodInfo pod, IReadOnlyList<ResourceSpec> resources, bool useRequested)
    {
        var requests = useRequested ? pod.Requests : pod.NonZeroRequests;
        var result = new long[resources.Count];
        for (var i = 0; i < resources.Count; i++)
        {
            result[i] = requests.Get(resources[i].Name);
        }

        return result;
    }

    /// <summary>
    /// Per resource, the node's allocatable amount and the amount requested with the pod added.
    /// Both stay 0 for a resource the node does not have and for a scalar resource the pod does not
    /// request; scorers skip those.
    /// </summary>
    public static (long[] Requested, long[] Allocatable) ForNode(NodeInfo nodeInfo, IReadOnlyList<ResourceSpec> resources, long[] podRequests, bool useRequested)
    {
        var requested = new long[resources.Count];
        var allocatable = new long[resources.Count];
        for (var i = 0; i < resources.Count; i++)
        {
            var (nodeAllocatable, nodeRequested) = AllocatableAndRequested(nodeInfo, resources[i].Name, podRequests[i], useRequested);
            if (nodeAllocatable == 0)
            {
                continue;
            }

            allocatable[i] = nodeAllocatable;
            requested[i] = nodeRequested;
        }

        return (requested, allocatable);
    }

    private static (long Allocatable, long Requested) AllocatableAndRequested(NodeInfo nodeInfo, string resource, long podRequest, bool useRequested)
    {
        var requested = useRequested ? nodeInfo.Requested : nodeInfo.NonZeroRequested;
        if (podRequest == 0 && ResourceKinds.IsScalar(resource))
        {
            return (0, 0);
        }

        if (resource == ResourceNames.Cpu)
        {
            return (nodeInfo.Allocatable.MilliCpu, requested.MilliCpu + podRequest);
        }

        if (resource == ResourceNames.Memory)
        {
            return (nodeInfo.Allocatable.Memory, requested.Memory + podRequest);
        }

        // NonZeroRequested tracks only cpu and memory, so the rest always use the real requests.
        if (resource == ResourceNames.EphemeralStorage)
        {
            return (nodeInfo.Allocatable.EphemeralStorage, nodeInfo.Requested.EphemeralStorage + podRequest);
        }

        return nodeInfo.Allocatable.ScalarResources.TryGetValue(resource, out var allocatable)
            ? (allocatable, nodeInfo.Requested.ScalarResources.GetValueOrDefault(resource) + podRequest)
            : (0, 0);
    }
}
