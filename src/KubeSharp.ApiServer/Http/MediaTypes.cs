namespace KubeSharp.ApiServer.Http;

/// <summary>The media types the API reads and writes, and what a request's Accept asks for.</summary>
internal static class MediaTypes
{
    public const string Json = "application/json";
    public const string Yaml = "application/yaml";
    public const string Protobuf = "application/vnd.kubernetes.protobuf";
    public const string JsonPatch = "application/json-patch+json";
    public const string MergePatch = "application/merge-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string ApplyPatch = "application/apply-patch+yaml";
    public const string Table = "application/json;as=Table;v=v1;g=meta.k8s.io";

    /// <summary>True if the Accept header asks for a meta.k8s.io Table (v1 or v1beta1).</summary>
    public static bool WantsTable(string? accept) =>
        accept is not null && accept.Contains("as=Table", StringComparison.Ordinal) && accept.Contains("g=meta.k8s.io", StringComparison.Ordinal);

    /// <summary>The aggregated discovery version (v2 or v2beta1) the Accept header asks for first, or null for the legacy documents.</summary>
    public static string? AggregatedDiscoveryVersion(string? accept)
    {
        foreach (var range in (accept ?? string.Empty).Split(','))
        {
            var parameters = range.Split(';').Skip(1).Select(p => p.Trim()).ToHashSet(StringComparer.Ordinal);
            if (!parameters.Contains("as=APIGroupDiscoveryList") || !parameters.Contains("g=apidiscovery.k8s.io"))
            {
                continue;
            }

            if (parameters.Contains("v=v2"))
            {
                return "v2";
            }

            if (parameters.Contains("v=v2beta1"))
            {
                return "v2beta1";
            }
        }

        return null;
    }

    /// <summary>The media type of a Content-Type header, without parameters such as charset.</summary>
    public static string Essence(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return string.Empty;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }
}
