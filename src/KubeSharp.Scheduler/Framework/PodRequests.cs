using k8s.Models;

namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// resourcehelper.PodRequests: the sum over containers; restartable init containers (sidecars) run
/// alongside them; each other init container runs alone with the sidecars started before it, so
/// the pod needs the larger of the two; then the pod overhead.
/// </summary>
internal static class PodRequests
{
    public static (Resource Requests, Resource NonZero) Compute(V1PodSpec? spec)
    {
        var requests = new Resource();
        var nonZero = new Resource();
        if (spec is null)
        {
            return (requests, nonZero);
        }

        foreach (var container in spec.Containers ?? [])
        {
            Add(requests, nonZero, container);
        }

        var sidecars = new Resource();
        var sidecarsNonZero = new Resource();
        var initMax = new Resource();
        var initMaxNonZero = new Resource();
        foreach (var container in spec.InitContainers ?? [])
        {
            if (container.RestartPolicy == "Always")
            {
                Add(sidecars, sidecarsNonZero, container);
                Add(requests, nonZero, container);
                continue;
            }

            var alone = sidecars.Clone();
            var aloneNonZero = sidecarsNonZero.Clone();
            Add(alone, aloneNonZero, container);
            initMax.SetMax(alone);
            initMaxNonZero.SetMax(aloneNonZero);
        }

        requests.SetMax(initMax);
        nonZero.SetMax(initMaxNonZero);
        if (spec.Overhead is { } overhead)
        {
            var extra = Resource.From(overhead);
            requests.Add(extra);
            nonZero.Add(extra);
        }

        return (requests, nonZero);
    }

    private static void Add(Resource requests, Resource nonZero, V1Container container)
    {
        var own = Resource.From(container.Resources?.Requests);
        requests.Add(own);
        var scored = own.Clone();
        var asked = container.Resources?.Requests;
        if (asked is null || !asked.ContainsKey(ResourceNames.Cpu))
        {
            scored.MilliCpu = ResourceNames.DefaultMilliCpuRequest;
        }

        if (asked is null || !asked.ContainsKey(ResourceNames.Memory))
        {
            scored.Memory = ResourceNames.DefaultMemoryRequest;
        }

        nonZero.Add(scored);
    }
}
