using k8s.Models;

namespace KubeSharp.Controllers.Deployment;

/// <summary>upstream's labelsutil: copies of label maps and selectors with one more label.</summary>
internal static class LabelUtil
{
    /// <summary>The labels as LabelSelector.Matches takes them.</summary>
    public static IReadOnlyDictionary<string, string>? ReadOnly(IDictionary<string, string>? labels) => labels switch
    {
        null => null,
        IReadOnlyDictionary<string, string> readOnly => readOnly,
        _ => new Dictionary<string, string>(labels, StringComparer.Ordinal),
    };

    /// <summary>CloneAndAddLabel.</summary>
    public static Dictionary<string, string> CloneAndAdd(IDictionary<string, string>? labels, string key, string value) =>
        new(labels ?? new Dictionary<string, string>(), StringComparer.Ordinal) { [key] = value };

    /// <summary>CloneSelectorAndAddLabel: the selector narrowed to the label, the original untouched.</summary>
    public static V1LabelSelector CloneSelectorAndAdd(V1LabelSelector? selector, string key, string value)
    {
        var copy = selector is null ? new V1LabelSelector() : ModelCopy.Of(selector);
        copy.MatchLabels = CloneAndAdd(copy.MatchLabels, key, value);
        return copy;
    }

    /// <summary>Same keys and values; an absent map equals an empty one (it only decides whether to look again).</summary>
    public static bool Same(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        foreach (var (key, value) in a ?? new Dictionary<string, string>())
        {
            if (b is null || !b.TryGetValue(key, out var other) || other != value)
            {
                return false;
            }
        }

        return true;
    }
}
