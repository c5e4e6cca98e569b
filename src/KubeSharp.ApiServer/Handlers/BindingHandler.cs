using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Http;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>POST pods/{name}/binding: the scheduler's bind. Sets spec.nodeName once and marks the pod scheduled.</summary>
internal static class BindingHandler
{
    public static async Task HandleAsync(ApiContext api, ApiRequest request)
    {
        var binding = await RequestBodies.ReadObjectAsync(request.Http, api.MaxBodyBytes);
        var name = request.Info.Name!;
        var node = binding.GetString("target.name");
        if (string.IsNullOrEmpty(node))
        {
            throw ApiErrors.Invalid(string.Empty, "Binding", name, [new StatusCause("FieldValueRequired", "Required value", "target.name")]);
        }

        var now = ObjectMetaRules.Timestamp(api.Time.GetUtcNow());
        await api.Store.GuaranteedUpdateAsync(request.Resource, request.RequiredNamespace(), name, pod =>
        {
            if (pod.GetString("metadata.deletionTimestamp") is not null)
            {
                throw ApiErrors.Conflict(string.Empty, "pods", name, "pod is being deleted, cannot be assigned to a host");
            }

            if (pod.GetString("spec.nodeName") is { Length: > 0 } assigned)
            {
                throw ApiErrors.Conflict(string.Empty, "pods", name, $"pod {name} is already assigned to node \"{assigned}\"");
            }

            pod.Ensure("spec")["nodeName"] = node;
            var conditions = pod.Ensure("status")["conditions"] as JsonArray ?? [];
            pod.Ensure("status")["conditions"] = conditions;
            foreach (var existing in conditions.OfType<JsonObject>().Where(c => c["type"]?.GetValue<string>() == "PodScheduled").ToList())
            {
                conditions.Remove(existing);
            }

            conditions.Add(new JsonObject { ["type"] = "PodScheduled", ["status"] = "True", ["lastProbeTime"] = null, ["lastTransitionTime"] = now });
            return pod;
        }, request.Aborted);
        await Responses.WriteJsonAsync(request.Http, 201, Responses.Success());
    }
}
