using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.Kubelet.Logs;

/// <summary>
/// What a container log request asks for: upstream's PodLogOptions as the kubelet reads them from
/// the query (pkg/kubelet/server/server.go getContainerLogs, with its validation).
/// </summary>
internal sealed record ContainerLogOptions
{
    /// <summary>The error for a query that does not decode (400); other errors are validation failures (422).</summary>
    public const string DecodeError = "Unable to decode query.";

    /// <summary>Keep the response open and send what the container writes next.</summary>
    public bool Follow { get; init; }

    /// <summary>The container before the current one (the status' lastState).</summary>
    public bool Previous { get; init; }

    /// <summary>Only the last this many lines; null for all.</summary>
    public long? TailLines { get; init; }

    /// <summary>Only lines written at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Start each line with its RFC3339Nano time and a space.</summary>
    public bool Timestamps { get; init; }

    /// <summary>Stop after this many bytes of output; null for no limit.</summary>
    public long? LimitBytes { get; init; }

    /// <summary>Reads the query; <paramref name="now"/> anchors sinceSeconds.</summary>
    /// <param name="error"><see cref="DecodeError"/>, or why validation refused the query, worded as upstream's validation.</param>
    public static bool TryParse(IQueryCollection query, DateTimeOffset now, [NotNullWhen(true)] out ContainerLogOptions? options, [NotNullWhen(false)] out string? error)
    {
        options = null;
        var tail = query["tailLines"].ToString();

        // The old "tail" parameter, as upstream still honours it ("all" is no limit).
        if (query["tail"].ToString() is { Length: > 0 } legacy)
        {
            tail = legacy == "all" ? string.Empty : legacy;
        }

        if (!TryInteger(tail, out var tailLines) || !TryInteger(query["limitBytes"].ToString(), out var limitBytes)
            || !TryInteger(query["sinceSeconds"].ToString(), out var sinceSeconds))
        {
            error = DecodeError;
            return false;
        }

        DateTimeOffset? sinceTime = null;
        if (query["sinceTime"].ToString() is { Length: > 0 } sinceText)
        {
            if (!Rfc3339.TryParse(sinceText, out var parsed))
            {
                error = DecodeError;
                return false;
            }

            sinceTime = parsed;
        }

        error = tailLines < 0 ? $"tailLines: Invalid value: {tailLines}: must be greater than or equal to 0"
            : limitBytes < 1 ? $"limitBytes: Invalid value: {limitBytes}: must be greater than 0"
            : sinceSeconds is not null && sinceTime is not null ? "sinceSeconds: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified"
            : sinceSeconds < 1 ? $"sinceSeconds: Invalid value: {sinceSeconds}: must be greater than 0"
            : null;
        if (error is not null)
        {
            return false;
        }

        options = new ContainerLogOptions
        {
            Follow = Flag(query["follow"].ToString()),
            Previous = Flag(query["previous"].ToString()),
            Timestamps = Flag(query["timestamps"].ToString()),
            TailLines = tailLines,
            LimitBytes = limitBytes,
            Since = sinceSeconds is { } seconds ? SecondsBefore(now, seconds) : sinceTime,
        };
        return true;
    }

    // apimachinery's query conversion: anything but absent, "", "0" or "false" is true.
    private static bool Flag(string value) =>
        value.Length > 0 && value != "0" && !value.Equals("false", StringComparison.OrdinalIgnoreCase);

    private static DateTimeOffset SecondsBefore(DateTimeOffset now, long seconds) =>
        seconds >= (now - DateTimeOffset.MinValue).TotalSeconds ? DateTimeOffset.MinValue : now.AddSeconds(-seconds);

    private static bool TryInteger(string text, out long? value)
    {
        value = null;
        if (text.Length == 0)
        {
            return true;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }
}
