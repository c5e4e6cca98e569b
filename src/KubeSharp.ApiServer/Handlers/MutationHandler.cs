using System.Text.Json.Nodes;
using KubeSharp.Api.Json;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>
/// The shared end of PUT and PATCH: apply a change to the stored object with compare-and-swap,
/// honour dryRun, finish a deletion whose last finalizer was removed, and answer with the result.
/// </summary>
internal static class MutationHandler
{
    public static async Task UpdateAsync(ApiContext api, ApiRequest request, Func<JsonObject, JsonObject?> change, Func<JsonObject, JsonObject>? present = null)
    {
        present ??= item => item;
        var resource = request.Resource;
        var @namespace = request.RequiredNamespace();
        var name = request.Info.Name!;
        if (request.DryRun)
        {
            var current = await api.Store.GetAsync(resource, @namespace, name, request.Aborted)
                ?? throw Api.Errors.ApiErrors.NotFound(resource.Api.Group, resource.Api.Plural, name);
            await Respond(api, request, present(change(current) ?? current));
            return;
        }

        var (item, changed) = await api.Store.GuaranteedUpdateAsync(resource, @namespace, name, change, request.Aborted);
        if (changed && item.GetString("metadata.deletionTimestamp") is not null && resource.Strategy.ReadyToDelete(item))
        {
            // The last finalizer is gone: the deletion that was waiting for it completes now.
            var revision = long.Parse(item.GetString("metadata.resourceVersion")!, System.Globalization.CultureInfo.InvariantCulture);
            await api.Store.DeleteAsync(resource, @namespace, name, revision, request.Aborted);
        }

        await Respond(api, request, present(item));
    }

    private static Task Respond(ApiContext api, ApiRequest request, JsonObject item) =>
        item["kind"]?.GetValue<string>() == request.Resource.Api.Kind
            ? ObjectResponses.WriteAsync(api, request, 200, item)
            : Http.Responses.WriteJsonAsync(request.Http, 200, item);
}
