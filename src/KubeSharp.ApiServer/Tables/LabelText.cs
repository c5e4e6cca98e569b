namespace KubeSharp.ApiServer.Tables;

/// <summary>labels.FormatLabels, as tables print a label map or a map selector.</summary>
internal static class LabelText
{
    /// <summary>"k=v" pairs sorted and comma-joined; "&lt;none&gt;" when empty.</summary>
    public static string Format(IReadOnlyDictionary<string, string> labels) =>
        labels.Count == 0 ? "<none>" : string.Join(",", labels.Select(p => p.Key + "=" + p.Value).Order(StringComparer.Ordinal));
}
