using System.Globalization;
using System.Text.Json.Nodes;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.Rules;

namespace KubeSharp.ApiServer.Tables;

/// <summary>The columns and cell helpers of printers.go that the workload and policy tables share.</summary>
internal static class WorkloadCells
{
    public static readonly TableColumn Containers = new("Containers", "string", string.Empty, "Names of each container in the template.", 1);

    public static readonly TableColumn Images = new("Images", "string", string.Empty, "Images referenced by each container in the template.", 1);

    /// <summary>The -o wide Selector column; its description is the selector field's.</summary>
    public static TableColumn Selector(string description) => new("Selector", "string", string.Empty, description, 1);

    /// <summary>layoutContainerCells: the template's container names, comma-separated.</summary>
    public static string ContainerNames(JsonObject item, string podSpecPath) => ContainerField(item, podSpecPath, "name");

    /// <summary>layoutContainerCells: the template's container images, comma-separated.</summary>
    public static string ContainerImages(JsonObject item, string podSpecPath) => ContainerField(item, podSpecPath, "image");

    /// <summary>An integer field; absent is Go's zero value.</summary>
    public static long Count(JsonObject item, string path) => item.GetInt64(path) ?? 0;

    /// <summary>metav1.FormatLabelSelector: "&lt;none&gt;" for a selector with no requirements, "&lt;error&gt;" for one that does not convert.</summary>
    public static string FormatSelector(JsonObject? selector) => LabelSelectors.Format(selector) switch
    {
        null => "<error>",
        "" => "<none>",
        { } text => text,
    };

    /// <summary>labels.FormatLabels: k=v pairs sorted, or "&lt;none&gt;".</summary>
    public static string FormatLabels(JsonObject? labels)
    {
        var pairs = labels?.Select(p => $"{p.Key}={IntOrPercent.Text(p.Value)}").Order(StringComparer.Ordinal).ToList() ?? [];
        return pairs.Count == 0 ? "<none>" : string.Join(",", pairs);
    }

    /// <summary>printBoolPtr.</summary>
    public static string BoolPointer(bool? value) => value switch
    {
        null => "<unset>",
        true => "True",
        false => "False",
    };

    /// <summary>listWithMoreString: the first entries, and how many more there were.</summary>
    public static string ListWithMore(IReadOnlyCollection<string> list, bool more, int count, int max)
    {
        var text = string.Join(",", list);
        if (more)
        {
            return $"{text} + {count - max} more...";
        }

        return text.Length == 0 ? "<unset>" : text;
    }

    /// <summary>A metav1.Time, or null when absent or unreadable.</summary>
    public static DateTimeOffset? Time(string? timestamp) =>
        timestamp is not null && DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private static string ContainerField(JsonObject item, string podSpecPath, string field) =>
        string.Join(",", item.GetArray(podSpecPath + ".containers").Objects().Select(c => c.GetString(field) ?? string.Empty));
}
