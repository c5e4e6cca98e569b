using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Apply;
using KubeSharp.ApiServer.Http;
using KubeSharp.ApiServer.Storage;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>POST to a collection: a new object, 201 with it as stored.</summary>
internal static class CreateHandler
{
    public static async Task HandleAsync(ApiContext api, ApiRequest request)
    {
        var item = await RequestBodies.ReadObjectAsync(request.Http, api.MaxBodyBytes);
        Admission.CheckTypeMeta(request, item);
        Admission.CheckNamespace(request, item);
        await CreateAsync(api, request, item, applied: false);
    }

    /// <summary>Creates an applied object; false if another request created it meanwhile (the apply then updates it).</summary>
    public static async Task<bool> TryCreateAsync(ApiContext api, ApiRequest request, JsonObject item)
    {
        try
        {
            await CreateAsync(api, request, item, applied: true);
            return true;
        }
        catch (ApiException error) when (error.Reason == "AlreadyExists")
        {
            return false;
        }
    }

    private static async Task CreateAsync(ApiContext api, ApiRequest request, JsonObject item, bool applied)
    {
        ObjectMetaRules.PrepareForCreate(item, request.Resource, api.Time.GetUtcNow());
        request.Resource.Strategy.PrepareForCreate(item);
        Admission.ResolvePriority(api, request, item);
        Admission.DefaultAndValidate(request, item, old: null);

        // An apply has recorded its own managed fields; a create is an Update by its manager.
        if (!applied)
        {
            FieldManager.RecordUpdate(request, null, item, null);
        }

        await Admission.CheckNamespaceAsync(api, request, item.GetString("metadata.namespace"), item.GetString("metadata.name")!);

        if (request.DryRun)
        {
            await Responses.WriteJsonAsync(request.Http, 201, item);
            return;
        }

        var json = await api.Store.CreateAsync(request.Resource, item, request.Aborted);
        await ObjectResponses.WriteAsync(api, request, 201, item, json);
    }
}
