using System.Text.Json;
using KubeSharp.Scheduler.Plugins.Helper;

namespace KubeSharp.Scheduler.Plugins.NodeResourcesBalancedAllocation;

/// <summary>NodeResourcesBalancedAllocation's args: <c>{"resources": [{"name": "cpu", "weight": 1}, ...]}</c>.</summary>
public sealed record NodeResourcesBalancedAllocationArgs
{
    /// <summary>The resources whose utilization should be balanced; cpu and memory when left out.</summary>
    public IReadOnlyList<ResourceSpec>? Resources { get; init; }

    /// <summary>
    /// The args with upstream's v1 defaults (cpu and memory; weight 0 means 1), checked as upstream's
    /// ValidateNodeResourcesBalancedAllocationArgs: names unique, every weight 1 (weights are not used).
    /// </summary>
    /// <exception cref="ArgumentException">The args are malformed or invalid.</exception>
    public static NodeResourcesBalancedAllocationArgs Parse(JsonElement? args)
    {
        var parsed = PluginArgs.Parse<NodeResourcesBalancedAllocationArgs>(args, NodeResourcesBalancedAllocation.PluginName);
        var resources = ResourceSpec.CpuAndMemory;
        if (parsed.Resources is { Count: > 0 } given)
        {
            resources = [.. given.Select(spec => spec.Weight == 0 ? spec with { Weight = 1 } : spec)];
        }

        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < resources.Count; i++)
        {
            var name = resources[i].Name ?? string.Empty;
            if (name.Length == 0)
            {
                problems.Add($"resources[{i}].name: Required value");
            }
            else if (!seen.Add(name))
            {
                problems.Add($"resources[{i}].name: Duplicate value: \"{name}\"");
            }

            if (resources[i].Weight != 1)
            {
                problems.Add($"resources[{i}].weight: Invalid value: {resources[i].Weight}: must be 1");
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException($"{NodeResourcesBalancedAllocation.PluginName} args: {string.Join("; ", problems)}");
        }

        return new NodeResourcesBalancedAllocationArgs { Resources = resources };
    }
}
