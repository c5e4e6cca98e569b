using System.Globalization;
using System.Text.Json;

namespace KubeSharp.ApiServer.Metrics;

/// <summary>
/// What the metrics API needs of a kubelet's Summary API answer (k8s.io/kubelet stats/v1alpha1): the
/// node's and each container's cpu.usageNanoCores and memory.workingSetBytes. A node or a pod with a
/// value missing has no usage, as metrics-server drops what it cannot decode.
/// </summary>
internal sealed record KubeletSummary(string NodeName, ResourceUsage? Node, IReadOnlyList<PodUsage> Pods)
{
    /// <param name="scraped">When the summary was read: the timestamp of a sample that carries none.</param>
    public static KubeletSummary Parse(string nodeName, JsonElement root, DateTimeOffset scraped)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new KubeletSummary(nodeName, null, []);
        }

        var node = root.TryGetProperty("node", out var nodeStats) ? Usage(nodeStats, scraped) : null;
        var pods = new List<PodUsage>();
        if (root.TryGetProperty("pods", out var podStats) && podStats.ValueKind == JsonValueKind.Array)
        {
            foreach (var pod in podStats.EnumerateArray())
            {
                if (Pod(pod, scraped) is { } usage)
                {
                    pods.Add(usage);
                }
            }
        }

        return new KubeletSummary(nodeName, node, pods);
    }

    private static PodUsage? Pod(JsonElement pod, DateTimeOffset scraped)
    {
        if (pod.ValueKind != JsonValueKind.Object || !pod.TryGetProperty("podRef", out var reference)
            || Text(reference, "namespace") is not { } @namespace || Text(reference, "name") is not { } name)
        {
            return null;
        }

        var containers = new List<ContainerUsage>();
        if (pod.TryGetProperty("containers", out var containerStats) && containerStats.ValueKind == JsonValueKind.Array)
        {
            foreach (var container in containerStats.EnumerateArray())
            {
                // metrics-server reports whole pods only: one container without a sample hides the pod.
                if (Text(container, "name") is not { } containerName || Usage(container, scraped) is not { } usage)
                {
                    return null;
                }

                containers.Add(new ContainerUsage(containerName, usage));
            }
        }

        return new PodUsage(@namespace, name, containers);
    }

    private static ResourceUsage? Usage(JsonElement stats, DateTimeOffset scraped)
    {
        if (stats.ValueKind != JsonValueKind.Object
            || !stats.TryGetProperty("cpu", out var cpu) || Number(cpu, "usageNanoCores") is not { } nanoCores
            || !stats.TryGetProperty("memory", out var memory) || Number(memory, "workingSetBytes") is not { } workingSet)
        {
            return null;
        }

        // The CPU sample's time, as metrics-server takes it when CPU and memory times differ.
        return new ResourceUsage(nanoCores, workingSet, Time(cpu) ?? scraped);
    }

    private static ulong? Number(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var number)
            ? number
            : null;

    private static string? Text(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static DateTimeOffset? Time(JsonElement stats) =>
        Text(stats, "time") is { } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;
}
