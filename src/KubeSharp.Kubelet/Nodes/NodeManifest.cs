using System.Text.Json.Nodes;
using k8s.Models;

namespace KubeSharp.Kubelet.Nodes;

/// <summary>
/// The Node kubelet registers: upstream's default labels (hostname, os, arch and their beta twins)
/// plus <c>--node-labels</c>, and <c>--register-with-taints</c>. On a Node that already exists
/// kubelet only puts its labels back; the spec (taints, podCIDR, unschedulable) is left alone.
/// </summary>
internal static class NodeManifest
{
    public static V1Node Node(NodeStatusOptions options) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta { Name = options.NodeName, Labels = Labels(options) },
        Spec = new V1NodeSpec
        {
            Taints = options.Taints.Count > 0
                ? [.. options.Taints.Select(t => new V1Taint { Key = t.Key, Value = t.Value, Effect = t.Effect, TimeAdded = t.TimeAdded })]
                : null,
        },
    };

    public static Dictionary<string, string> Labels(NodeStatusOptions options)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["kubernetes.io/hostname"] = options.NodeName,
            ["kubernetes.io/os"] = NodeInfoReader.OperatingSystem,
            ["kubernetes.io/arch"] = NodeInfoReader.Architecture,
            ["beta.kubernetes.io/os"] = NodeInfoReader.OperatingSystem,
            ["beta.kubernetes.io/arch"] = NodeInfoReader.Architecture,
        };
        foreach (var (key, value) in options.Labels)
        {
            labels[key] = value;
        }

        return labels;
    }

    /// <summary>The desired labels the existing ones lack or differ on; null when there are none.</summary>
    public static Dictionary<string, string>? ChangedLabels(IDictionary<string, string>? existing, IReadOnlyDictionary<string, string> desired)
    {
        var changed = desired
            .Where(pair => existing is null || !existing.TryGetValue(pair.Key, out var value) || value != pair.Value)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        return changed.Count > 0 ? changed : null;
    }

    /// <summary>A merge patch setting those labels (others untouched).</summary>
    public static string LabelPatch(IReadOnlyDictionary<string, string> labels)
    {
        var json = new JsonObject();
        foreach (var (key, value) in labels)
        {
            json[key] = value;
        }

        return new JsonObject { ["metadata"] = new JsonObject { ["labels"] = json } }.ToJsonString();
    }
}
