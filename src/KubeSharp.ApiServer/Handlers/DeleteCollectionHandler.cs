using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Http;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>DELETE of a collection: every object the selectors match is deleted as a single DELETE would delete it.</summary>
internal static class DeleteCollectionHandler
{
    public static async Task HandleAsync(ApiContext api, ApiRequest request)
    {
        var options = ListOptions.From(request);
        var cache = api.Cache(request.Resource);
        await cache.WaitUntilFreshAsync(0, request.Aborted);
        var (items, _) = cache.Snapshot(request.Resource.NamespacePrefix(request.Namespace));
        foreach (var item in items.Where(i => ListHandler.Selected(i, options)))
        {
            try
            {
                var single = new ApiRequest(request.Http, request.Info with { Name = item.Name, Namespace = request.Resource.Api.Namespaced ? item.Namespace : null }, request.Resource, api);
                await DeleteHandler.DeleteAsync(api, single, [], write: false);
            }
            catch (ApiException error) when (error.Reason == "NotFound")
            {
                // Gone meanwhile.
            }
        }

        await Responses.WriteJsonAsync(request.Http, 200, Responses.Success());
    }
}
