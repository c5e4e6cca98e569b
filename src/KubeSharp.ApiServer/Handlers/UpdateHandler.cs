using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Http;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>PUT of an object or its status: a whole new state, compare-and-swap on its resourceVersion if given.</summary>
internal static class UpdateHandler
{
    public static async Task HandleAsync(ApiContext api, ApiRequest request)
    {
        var name = request.Info.Name!;
        var item = await RequestBodies.ReadObjectAsync(request.Http, api.MaxBodyBytes);
        Admission.CheckTypeMeta(request, item);
        Admission.CheckNamespace(request, item);
        var bodyName = item.GetString("metadata.name");
        if (string.IsNullOrEmpty(bodyName))
        {
            item.Ensure("metadata")["name"] = name;
        }
        else if (bodyName != name)
        {
            throw ApiErrors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        await MutationHandler.UpdateAsync(api, request, current => UpdateLogic.Apply(request, current, item));
    }
}
