using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Http;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>One object in the form the request asked for: itself, or a one-row Table.</summary>
internal static class ObjectResponses
{
    public static Task WriteAsync(ApiContext api, ApiRequest request, int statusCode, JsonObject item)
    {
        if (request.WantsTable)
        {
            var table = TableWriter.Build(request.Resource, [item], item["metadata"]?["resourceVersion"]?.GetValue<string>(), null, null,
                request.Query("includeObject") == "Object", includeColumns: true, api.Time.GetUtcNow());
            return Responses.WriteJsonAsync(request.Http, statusCode, table, MediaTypes.Table);
        }

        return Responses.WriteJsonAsync(request.Http, statusCode, item);
    }

    /// <summary>As above, with <paramref name="json"/> the item already serialized (the store's bytes).</summary>
    public static Task WriteAsync(ApiContext api, ApiRequest request, int statusCode, JsonObject item, byte[] json) =>
        request.WantsTable ? WriteAsync(api, request, statusCode, item) : Responses.WriteJsonAsync(request.Http, statusCode, json);
}
