using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>GET of one object (and of its status subresource): read from the store, so it is always current.</summary>
internal static class GetHandler
{
    public static async Task HandleAsync(ApiContext api, ApiRequest request)
    {
        var name = request.Info.Name!;
        var item = await api.Store.GetAsync(request.Resource, request.RequiredNamespace(), name, request.Aborted)
            ?? throw ApiErrors.NotFound(request.Resource.Api.Group, request.Resource.Api.Plural, name);
        await ObjectResponses.WriteAsync(api, request, 200, item);
    }
}
