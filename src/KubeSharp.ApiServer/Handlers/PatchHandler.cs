using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Apply;
using KubeSharp.ApiServer.Http;
using KubeSharp.ApiServer.Patch;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>PATCH of an object or its status: JSON patch, merge patch or strategic merge patch on the stored object, or server-side apply.</summary>
internal static class PatchHandler
{
    public static async Task HandleAsync(ApiContext api, ApiRequest request)
    {
        var contentType = MediaTypes.Essence(request.Http.Request.ContentType);
        PatchOptions.Validate(request, apply: contentType == MediaTypes.ApplyPatch);
        if (contentType == MediaTypes.ApplyPatch && request.Info.Subresource is null or "status")
        {
            var body = await RequestBodies.ReadBytesAsync(request.Http, api.MaxBodyBytes);
            RequestBodies.RequireUtf8(body);
            await ApplyHandler.HandleAsync(api, request, body);
            return;
        }

        Func<JsonNode, JsonNode?, JsonNode> apply = contentType switch
        {
            MediaTypes.JsonPatch => JsonPatch.Apply,
            MediaTypes.MergePatch => (target, patch) => JsonMergePatch.Apply(target, patch)!,
            MediaTypes.StrategicMergePatch => (target, patch) => StrategicMergePatch.Apply(target, patch, request.Resource.Api.ModelType),
            _ => throw new ApiException(System.Net.HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType",
                $"the body of the request was in an unknown format - accepted media types include: {MediaTypes.JsonPatch}, {MediaTypes.MergePatch}, {MediaTypes.StrategicMergePatch}, {MediaTypes.ApplyPatch}"),
        };

        var bytes = await RequestBodies.ReadBytesAsync(request.Http, api.MaxBodyBytes);
        RequestBodies.RequireUtf8(bytes);
        RequestBodies.CheckShape(bytes);
        JsonNode? patch;
        try
        {
            patch = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = RequestBodies.MaxDepth });
        }
        catch (JsonException error)
        {
            throw ApiErrors.BadRequest($"error decoding patch: {error.Message}");
        }

        await MutationHandler.UpdateAsync(api, request, current =>
        {
            if (apply(current, patch) is not JsonObject patched)
            {
                throw ApiErrors.BadRequest("the patch does not leave an object");
            }

            // A resourceVersion in the patch is a precondition; otherwise the patch applies to whatever is stored.
            var pinned = patch is JsonObject { } body && body["metadata"] is JsonObject metadata && metadata.ContainsKey("resourceVersion");
            if (!pinned)
            {
                KubeSharp.Api.Json.JsonPaths.Ensure(patched, "metadata")["resourceVersion"] = current["metadata"]!["resourceVersion"]?.DeepClone();
            }

            return UpdateLogic.Apply(request, current, patched);
        });
    }
}
