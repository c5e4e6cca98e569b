using System.Text.Json.Nodes;
using KubeSharp.Api.Json;

namespace KubeSharp.ApiServer.Registry.Pods;

/// <summary>The pod's QoS class (upstream's ComputePodQOS), from its containers' cpu and memory requests and limits.</summary>
internal static class PodQos
{
    private static readonly string[] Resources = ["cpu", "memory"];

    public static string Compute(JsonObject spec)
    {
        var requests = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var limits = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var guaranteed = true;
        var containers = (spec["containers"] as JsonArray).Objects().Concat((spec["initContainers"] as JsonArray).Objects());
        foreach (var container in containers)
        {
            var containerLimits = container.GetObject("resources.limits");
            var containerRequests = container.GetObject("resources.requests");
            var limitedBoth = true;
            foreach (var resource in Resources)
            {
                // Requests not given default to the limits (SetDefaults_Pod), whichever runs first here.
                var request = containerRequests is not null && containerRequests.ContainsKey(resource)
                    ? Quantities.Parse(containerRequests[resource])
                    : Quantities.Parse(containerLimits?[resource]);
                if (request is { } requested && requested > 0)
                {
                    requests[resource] = requests.GetValueOrDefault(resource) + requested;
                }

                if (Quantities.Parse(containerLimits?[resource]) is { } limit && limit > 0)
                {
                    limits[resource] = limits.GetValueOrDefault(resource) + limit;
                }
                else
                {
                    limitedBoth = false;
                }
            }

            guaranteed &= limitedBoth;
        }

        if (requests.Count == 0 && limits.Count == 0)
        {
            return "BestEffort";
        }

        guaranteed = guaranteed && requests.All(r => limits.TryGetValue(r.Key, out var limit) && limit == r.Value);
        return guaranteed && requests.Count == limits.Count ? "Guaranteed" : "Burstable";
    }
}
