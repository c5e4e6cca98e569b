using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
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
        ObjectMetaRules.PrepareForCreate(item, request.Resource, api.Time.GetUtcNow());
        request.Resource.Strategy.PrepareForCreate(item);
        Admission.DefaultAndValidate(request, item, old: null);
        await Admission.CheckNamespaceAsync(api, request, item.GetString("metadata.namespace"), item.GetString("metadata.name")!);

        if (request.DryRun)
        {
            await Responses.WriteJsonAsync(request.Http, 201, item);
            return;
        }

        var created = await api.Store.CreateAsync(request.Resource, item, request.Aborted);
        await ObjectResponses.WriteAsync(api, request, 201, created);
    }
}
