using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.Api.Selectors;
using KubeSharp.ApiServer.Http;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>
/// POST pods/{name}/eviction (policy/v1 Eviction): a pod deletion that respects
/// PodDisruptionBudgets. A budget matching the pod with no disruption allowed answers 429, as upstream.
/// </summary>
internal static class EvictionHandler
{
    public static async Task HandleAsync(ApiContext api, ApiRequest request)
    {
        var eviction = await RequestBodies.ReadObjectAsync(request.Http, api.MaxBodyBytes);
        var name = request.Info.Name!;
        var @namespace = request.RequiredNamespace()!;
        if (eviction.GetString("metadata.name") is { Length: > 0 } given && given != name)
        {
            throw ApiErrors.BadRequest($"name in URL does not match name in Eviction object");
        }

        var pod = await api.Store.GetAsync(request.Resource, @namespace, name, request.Aborted)
            ?? throw ApiErrors.NotFound(string.Empty, "pods", name);

        // A pod that has finished, or is already being deleted, may always go.
        var phase = pod.GetString("status.phase");
        if (phase is not ("Succeeded" or "Failed") && pod.GetString("metadata.deletionTimestamp") is null)
        {
            var budgets = api.Cache(api.Registry.Get("policy", "poddisruptionbudgets"));
            await budgets.WaitUntilFreshAsync(0, request.Aborted);
            var labels = pod.GetStringMap("metadata.labels");
            foreach (var cached in budgets.Snapshot($"{budgets.Resource.StoragePrefix}{@namespace}/").Items)
            {
                var budget = cached.Parse();
                var selector = budget.GetObject("spec.selector") is { } model
                    ? LabelSelector.FromModel(JsonSerializer.Deserialize<V1LabelSelector>(model.ToJsonString(), new JsonSerializerOptions(JsonSerializerDefaults.Web)))
                    : LabelSelector.Nothing;
                if (selector.Matches(labels) && (budget.GetInt64("status.disruptionsAllowed") ?? 0) <= 0)
                {
                    throw new ApiException((HttpStatusCode)429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.",
                        new StatusDetails(null, null, null, [new StatusCause("DisruptionBudget", $"The disruption budget {cached.Name} needs {budget.GetInt64("status.desiredHealthy") ?? 0} healthy pods and has {budget.GetInt64("status.currentHealthy") ?? 0} currently", string.Empty)]));
                }
            }
        }

        await DeleteHandler.DeleteAsync(api, request.AsMainResource(), eviction.GetObject("deleteOptions") ?? [], write: false);
        await Responses.WriteJsonAsync(request.Http, 201, Responses.Success());
    }
}
