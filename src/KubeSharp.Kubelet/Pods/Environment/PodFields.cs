using System.Globalization;
using System.Text;
using k8s.Models;

namespace KubeSharp.Kubelet.Pods.Environment;

/// <summary>
/// The pod metadata the downward API exposes (upstream's fieldpath.ExtractFieldPathAsString):
/// name, namespace, uid, and labels or annotations, whole or one key at a time
/// (<c>metadata.labels['app']</c>). Whole maps are <c>key="value"</c> lines sorted by key, the
/// value quoted as Go's <c>%q</c> does.
/// </summary>
internal static class PodFields
{
    public const string Annotations = "metadata.annotations";
    public const string Labels = "metadata.labels";

    /// <exception cref="InvalidOperationException">The field is not one the downward API supports.</exception>
    public static string Metadata(V1Pod pod, string fieldPath)
    {
        var metadata = pod.Metadata;
        if (TrySplitSubscript(fieldPath, out var path, out var key))
        {
            return path switch
            {
                Annotations => Lookup(metadata?.Annotations, key),
                Labels => Lookup(metadata?.Labels, key),
                _ => throw new InvalidOperationException($"fieldPath \"{fieldPath}\" does not support subscript"),
            };
        }

        return fieldPath switch
        {
            Annotations => FormatMap(metadata?.Annotations),
            Labels => FormatMap(metadata?.Labels),
            "metadata.name" => metadata?.Name ?? string.Empty,
            "metadata.namespace" => metadata?.NamespaceProperty ?? string.Empty,
            "metadata.uid" => metadata?.Uid ?? string.Empty,
            _ => throw new InvalidOperationException($"unsupported fieldPath: {fieldPath}"),
        };
    }

    /// <summary><c>key="value"</c> lines in key order (byte order, as Go sorts strings).</summary>
    public static string FormatMap(IDictionary<string, string>? map)
    {
        if (map is null || map.Count == 0)
        {
            return string.Empty;
        }

        var lines = map.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Key + "=" + GoQuote(pair.Value ?? string.Empty));
        return string.Join('\n', lines);
    }

    /// <summary>Go's strconv.Quote: backslash escapes for quotes, backslashes and non-printable characters.</summary>
    public static string GoQuote(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"':
                    quoted.Append("\\\"");
                    break;
                case '\\':
                    quoted.Append("\\\\");
                    break;
                case '\a':
                    quoted.Append("\\a");
                    break;
                case '\b':
                    quoted.Append("\\b");
                    break;
                case '\f':
                    quoted.Append("\\f");
                    break;
                case '\n':
                    quoted.Append("\\n");
                    break;
                case '\r':
                    quoted.Append("\\r");
                    break;
                case '\t':
                    quoted.Append("\\t");
                    break;
                case '\v':
                    quoted.Append("\\v");
                    break;
                default:
                    AppendOther(quoted, rune);
                    break;
            }
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>Splits <c>metadata.labels['key']</c> into its path and key.</summary>
    public static bool TrySplitSubscript(string fieldPath, out string path, out string key)
    {
        path = fieldPath;
        key = string.Empty;
        if (!fieldPath.EndsWith("']", StringComparison.Ordinal))
        {
            return false;
        }

        var trimmed = fieldPath[..^2];
        var open = trimmed.IndexOf("['", StringComparison.Ordinal);
        if (open <= 0)
        {
            return false;
        }

        path = trimmed[..open];
        key = trimmed[(open + 2)..];
        return true;
    }

    private static string Lookup(IDictionary<string, string>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) ? value ?? string.Empty : string.Empty;

    private static void AppendOther(StringBuilder quoted, Rune rune)
    {
        if (IsPrint(rune))
        {
            quoted.Append(rune.ToString());
        }
        else if (rune.Value < ' ' || rune.Value == 0x7f)
        {
            quoted.Append("\\x").Append(rune.Value.ToString("x2", CultureInfo.InvariantCulture));
        }
        else if (rune.Value < 0x10000)
        {
            quoted.Append("\\u").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture));
        }
        else
        {
            quoted.Append("\\U").Append(rune.Value.ToString("x8", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    private static bool IsPrint(Rune rune)
    {
        if (rune.Value == ' ')
        {
            return true;
        }

        var category = Rune.GetUnicodeCategory(rune);
        return category <= UnicodeCategory.OtherNumber
            || (category >= UnicodeCategory.ConnectorPunctuation && category <= UnicodeCategory.OtherSymbol);
    }
}
