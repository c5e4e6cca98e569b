using k8s.Models;

namespace KubeSharp.Simulator;

/// <summary>The command line's node labels (k=v,k2=v2) and taints (key=value:Effect,key2:Effect2, as kubectl taint).</summary>
public static class NodeSyntax
{
    private static readonly string[] Effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    /// <exception cref="FormatException">An entry is not key=value.</exception>
    public static Dictionary<string, string> ParseLabels(string text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Entries(text))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"label \"{entry}\" is not key=value");
            }

            labels[entry[..equals]] = entry[(equals + 1)..];
        }

        return labels;
    }

    /// <exception cref="FormatException">An entry is not key[=value]:Effect with a known effect.</exception>
    public static List<V1Taint> ParseTaints(string text)
    {
        var taints = new List<V1Taint>();
        foreach (var entry in Entries(text))
        {
            var colon = entry.LastIndexOf(':');
            if (colon <= 0)
            {
                throw new FormatException($"taint \"{entry}\" is not key=value:Effect or key:Effect");
            }

            var effect = entry[(colon + 1)..];
            if (!Effects.Contains(effect, StringComparer.Ordinal))
            {
                throw new FormatException($"taint \"{entry}\": effect must be one of {string.Join(", ", Effects)}");
            }

            var keyValue = entry[..colon];
            var equals = keyValue.IndexOf('=', StringComparison.Ordinal);
            if (equals == 0)
            {
                throw new FormatException($"taint \"{entry}\" has no key");
            }

            taints.Add(new V1Taint
            {
                Key = equals < 0 ? keyValue : keyValue[..equals],
                Value = equals < 0 ? null : keyValue[(equals + 1)..],
                Effect = effect,
            });
        }

        return taints;
    }

    private static string[] Entries(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
