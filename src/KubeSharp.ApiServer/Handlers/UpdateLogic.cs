using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Apply;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>
/// What an update (PUT or PATCH) makes of the stored object and the new one: server-owned metadata
/// kept, the spec/status split honoured, generation bumped on spec changes, defaults and validation
/// applied. Returns null when nothing would change, so no write happens (as upstream).
/// </summary>
internal static class UpdateLogic
{
    /// <param name="subresource">The subresource the change came through when the request was redirected to the main resource (scale).</param>
    /// <param name="applied">Server-side apply has recorded managed fields already; anything else is an Update recorded here.</param>
    public static JsonObject? Apply(ApiRequest request, JsonObject current, JsonObject incoming, string? subresource = null, bool applied = false)
    {
        var resource = request.Resource;
        var api = resource.Api;
        var name = current.GetString("metadata.name")!;
        var expected = incoming.GetString("metadata.resourceVersion");
        if (!string.IsNullOrEmpty(expected) && expected != current.GetString("metadata.resourceVersion"))
        {
            throw ApiErrors.ObjectModified(api.Group, api.Plural, name);
        }

        JsonObject next;
        if (request.Info.Subresource == "finalize")
        {
            // A namespace's finalize subresource changes spec.finalizers only.
            next = (JsonObject)current.DeepClone();
            next.Ensure("spec")["finalizers"] = incoming.Get("spec.finalizers")?.DeepClone();
        }
        else if (request.Info.Subresource == "status")
        {
            // A status write changes status only (and keeps whatever else the object has).
            next = (JsonObject)current.DeepClone();
            next["status"] = incoming["status"]?.DeepClone();
            if (applied && incoming.Get("metadata.managedFields") is { } managedFields)
            {
                next.Ensure("metadata")["managedFields"] = managedFields.DeepClone();
            }
        }
        else
        {
            next = (JsonObject)incoming.DeepClone();
            ObjectMetaRules.CarryOver(next, current);
            if (resource.Strategy.HasStatusSubresource)
            {
                next["status"] = current["status"]?.DeepClone();
            }

            if (next["status"] is null)
            {
                next.Remove("status");
            }
        }

        next["apiVersion"] = api.GroupVersion;
        next["kind"] = api.Kind;
        Admission.DefaultAndValidate(request, next, current);
        if (resource.Strategy.TracksGeneration && SpecChanged(current, next))
        {
            next.Ensure("metadata")["generation"] = (current.GetInt64("metadata.generation") ?? 0) + 1;
        }

        next.Ensure("metadata")["resourceVersion"] = current.GetString("metadata.resourceVersion");
        if (!applied)
        {
            FieldManager.RecordUpdate(request, current, next, subresource ?? request.Info.Subresource);
        }

        return JsonNode.DeepEquals(next, current) ? null : next;
    }

    /// <summary>Anything outside metadata and status changed.</summary>
    private static bool SpecChanged(JsonObject before, JsonObject after)
    {
        var keys = before.Select(p => p.Key).Concat(after.Select(p => p.Key)).Where(k => k is not ("metadata" or "status" or "apiVersion" or "kind")).Distinct();
        return keys.Any(key => !JsonNode.DeepEquals(before[key], after[key]));
    }
}
