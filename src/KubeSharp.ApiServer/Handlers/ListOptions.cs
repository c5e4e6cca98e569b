using System.Globalization;
using System.Text;
using System.Text.Json;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Selectors;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>The query of a list or watch: selectors, paging and resourceVersion semantics, checked as upstream checks them.</summary>
internal sealed record ListOptions(
    LabelSelector Labels,
    FieldSelector Fields,
    int Limit,
    ContinueToken? Continue,
    string? ResourceVersion,
    string? ResourceVersionMatch,
    bool? SendInitialEvents,
    bool AllowBookmarks,
    TimeSpan? Timeout)
{
    public static ListOptions From(ApiRequest request)
    {
        var labels = LabelSelector.Parse(request.Query("labelSelector"));
        var fields = FieldSelector.Parse(request.Query("fieldSelector"));
        fields.EnsureSupported(request.Resource.Strategy.SelectableFields);
        var limit = request.QueryInt64("limit") ?? 0;
        var continueText = request.Query("continue");
        var match = request.Query("resourceVersionMatch");
        var version = request.Query("resourceVersion");
        if (match is not null && match is not ("NotOlderThan" or "Exact"))
        {
            throw ApiErrors.BadRequest($"resourceVersionMatch: Unsupported value: \"{match}\": supported values: \"Exact\", \"NotOlderThan\"");
        }

        if (match is not null && string.IsNullOrEmpty(version) && request.Query("sendInitialEvents") is null)
        {
            throw ApiErrors.BadRequest("resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided");
        }

        if (!string.IsNullOrEmpty(continueText) && !string.IsNullOrEmpty(version) && version != "0")
        {
            throw ApiErrors.BadRequest("specifying resource version is not allowed when using continue");
        }

        if (!string.IsNullOrEmpty(version) && !long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw ApiErrors.BadRequest($"invalid resource version: \"{version}\"");
        }

        var timeoutSeconds = request.QueryInt64("timeoutSeconds");
        bool? sendInitial = request.Query("sendInitialEvents") is { } send ? send == "true" : null;
        return new ListOptions(
            labels,
            fields,
            limit > 0 ? (int)Math.Min(limit, int.MaxValue) : 0,
            string.IsNullOrEmpty(continueText) ? null : ContinueToken.Decode(continueText),
            string.IsNullOrEmpty(version) ? null : version,
            match,
            sendInitial,
            request.QueryFlag("allowWatchBookmarks"),
            timeoutSeconds is > 0 ? TimeSpan.FromSeconds(timeoutSeconds.Value) : null);
    }

    public long RevisionNumber => ResourceVersion is null ? 0 : long.Parse(ResourceVersion, CultureInfo.InvariantCulture);
}

/// <summary>Where a paged list goes on: the snapshot's revision and the last key returned.</summary>
internal sealed record ContinueToken(long Revision, string StartAfter)
{
    public string Encode() =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["v"] = "meta.k8s.io/v1", ["rv"] = Revision, ["start"] = StartAfter }))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static ContinueToken Decode(string text)
    {
        try
        {
            var padded = text.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(padded)));
            var root = document.RootElement;
            return new ContinueToken(root.GetProperty("rv").GetInt64(), root.GetProperty("start").GetString()!);
        }
        catch (Exception error) when (error is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw ApiErrors.BadRequest($"continue key is not valid: {error.Message}");
        }
    }
}
