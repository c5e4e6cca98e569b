using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Handlers;

namespace KubeSharp.ApiServer.Apply;

/// <summary>
/// PATCH with application/apply-patch+yaml: server-side apply of a configuration (YAML or JSON) to
/// the object or its status, creating the object (201) when it does not exist yet. PatchHandler has validated the options.
/// </summary>
internal static class ApplyHandler
{
    public static async Task HandleAsync(ApiContext api, ApiRequest request, byte[] body)
    {
        // kubectl sends JSON, other clients YAML.
        var config = body.AsSpan().TrimStart(" \t\r\n"u8) is [(byte)'{', ..] ? RequestBodies.ParseJson(body) : YamlToJson.Convert(body, RequestBodies.MaxDepth);
        Admission.CheckTypeMeta(request, config);
        Admission.CheckNamespace(request, config);
        var name = request.Info.Name!;
        var configName = config.GetString("metadata.name");
        if (configName != name)
        {
            throw ApiErrors.BadRequest(string.IsNullOrEmpty(configName)
                ? "metadata.name is required for apply patch"
                : $"the name of the object ({configName}) does not match the name on the URL ({name})");
        }

        // Managed fields are the server's to compute from what is applied.
        config.GetObject("metadata")?.Remove("managedFields");
        var force = request.QueryFlag("force");
        var resource = request.Resource;
        var main = request.Info.Subresource is null;
        if (main && await api.Store.GetAsync(resource, request.RequiredNamespace(), name, request.Aborted) is null)
        {
            // Applying to a missing object creates it (its status, though, needs the object: 404); the applier owns what it applied.
            var created = ApplyMerge.Apply(request, null, config, force);
            if (await CreateHandler.TryCreateAsync(api, request, created))
            {
                return;
            }
        }

        await MutationHandler.UpdateAsync(api, request, current => UpdateLogic.Apply(request, current, ApplyMerge.Apply(request, current, config, force), applied: true));
    }
}
