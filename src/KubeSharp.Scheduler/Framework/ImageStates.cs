using k8s.Models;

namespace KubeSharp.Scheduler.Framework;

/// <summary>Images reported in node status, by every name they go by, and how many nodes have each.</summary>
public static class ImageStates
{
    public static Dictionary<string, int> Count(IEnumerable<V1Node> nodes)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            foreach (var name in Names(node).Distinct(StringComparer.Ordinal))
            {
                counts[name] = counts.GetValueOrDefault(name) + 1;
            }
        }

        return counts;
    }

    public static Dictionary<string, ImageStateSummary> ForNode(V1Node node, IReadOnlyDictionary<string, int> counts)
    {
        var states = new Dictionary<string, ImageStateSummary>(StringComparer.Ordinal);
        foreach (var image in node.Status?.Images ?? [])
        {
            foreach (var name in image.Names ?? [])
            {
                states[name] = new ImageStateSummary(image.SizeBytes ?? 0, counts.GetValueOrDefault(name, 1));
            }
        }

        return states;
    }

    public static IEnumerable<string> Names(V1Node node) =>
        (node.Status?.Images ?? []).SelectMany(image => image.Names ?? []);
}
