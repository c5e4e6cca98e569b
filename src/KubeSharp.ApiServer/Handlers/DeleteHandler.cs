using System.Globalization;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Http;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>
/// DELETE of one object, as upstream's generic registry: preconditions, propagation policy recorded
/// as finalizers for the garbage collector, graceful deletion (deletionTimestamp) while finalizers
/// remain or a grace period runs, otherwise removal at once.
/// </summary>
internal static class DeleteHandler
{
    public static async Task HandleAsync(ApiContext api, ApiRequest request) => await DeleteAsync(api, request, await ReadOptionsAsync(api, request), write: true);

    /// <summary>Deletes the request's object with DeleteOptions <paramref name="options"/>; with <paramref name="write"/> false (collection deletes, evictions) it answers nothing.</summary>
    public static async Task DeleteAsync(ApiContext api, ApiRequest request, JsonObject options, bool write)
    {
        var resource = request.Resource;
        var @namespace = request.RequiredNamespace();
        var name = request.Info.Name!;
        var requestedGrace = request.QueryInt64("gracePeriodSeconds") ?? options.GetInt64("gracePeriodSeconds");
        var propagation = request.Query("propagationPolicy") ?? options.GetString("propagationPolicy");
        if (propagation is not (null or "Orphan" or "Background" or "Foreground"))
        {
            throw ApiErrors.Invalid("meta.k8s.io", "DeleteOptions", string.Empty,
                [new StatusCause("FieldValueNotSupported", $"Unsupported value: \"{propagation}\": supported values: \"Foreground\", \"Background\", \"Orphan\"", "propagationPolicy")]);
        }

        var dryRun = request.DryRun || options.GetArray("dryRun")?.Count > 0;
        for (var attempt = 0; attempt < 16; attempt++)
        {
            var current = await api.Store.GetAsync(resource, @namespace, name, request.Aborted)
                ?? throw ApiErrors.NotFound(resource.Api.Group, resource.Api.Plural, name);
            CheckPreconditions(resource.Api.Group, resource.Api.Plural, name, current, options);

            var pending = (JsonObject)current.DeepClone();
            var finalizers = pending.GetArray("metadata.finalizers")?.Select(f => f!.GetValue<string>()).ToList() ?? [];
            var finalizer = propagation switch
            {
                "Foreground" => "foregroundDeletion",
                "Orphan" => "orphan",
                _ => null,
            };
            if (finalizer is not null && !finalizers.Contains(finalizer) && current.GetString("metadata.deletionTimestamp") is null)
            {
                finalizers.Add(finalizer);
            }

            var grace = resource.Strategy.GracePeriod(current, requestedGrace);
            var alreadyDeleting = current.GetString("metadata.deletionTimestamp") is not null;
            var terminating = resource.Strategy.BeginDeletion(pending);
            if (finalizers.Count > 0 || terminating || (grace is > 0 && !alreadyDeleting))
            {
                if (!alreadyDeleting)
                {
                    var metadata = pending.Ensure("metadata");
                    metadata["deletionTimestamp"] = ObjectMetaRules.Timestamp(api.Time.GetUtcNow().AddSeconds(grace ?? 0));
                    metadata["deletionGracePeriodSeconds"] = grace ?? 0;
                    metadata["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode)f)]);
                }
                else if (grace is { } shorter && shorter < (current.GetInt64("metadata.deletionGracePeriodSeconds") ?? long.MaxValue) && finalizers.Count == 0)
                {
                    pending.Ensure("metadata")["deletionGracePeriodSeconds"] = shorter;
                }

                if (dryRun || JsonNode.DeepEquals(pending, current))
                {
                    await Answer(api, request, pending, write);
                    return;
                }

                var revision = long.Parse(current.GetString("metadata.resourceVersion")!, CultureInfo.InvariantCulture);
                if (await api.Store.TryUpdateAsync(resource, pending, revision, request.Aborted) is { } updated)
                {
                    await Answer(api, request, updated, write);
                    return;
                }

                continue;
            }

            if (dryRun)
            {
                await Answer(api, request, current, write);
                return;
            }

            var (deleted, _) = await api.Store.DeleteAsync(resource, @namespace, name, long.Parse(current.GetString("metadata.resourceVersion")!, CultureInfo.InvariantCulture), request.Aborted);
            if (deleted)
            {
                await Answer(api, request, current, write);
                return;
            }
        }

        throw ApiErrors.ObjectModified(resource.Api.Group, resource.Api.Plural, name);
    }

    private static Task Answer(ApiContext api, ApiRequest request, JsonObject item, bool write) =>
        write ? ObjectResponses.WriteAsync(api, request, 200, item) : Task.CompletedTask;

    private static async Task<JsonObject> ReadOptionsAsync(ApiContext api, ApiRequest request)
    {
        if (request.Http.Request.ContentLength is 0 or null && !request.Http.Request.Headers.TransferEncoding.Any())
        {
            return [];
        }

        var bytes = await RequestBodies.ReadBytesAsync(request.Http, api.MaxBodyBytes);
        return bytes.Length == 0 ? [] : RequestBodies.ParseJson(bytes);
    }

    private static void CheckPreconditions(string group, string plural, string name, JsonObject current, JsonObject options)
    {
        if (options.GetString("preconditions.uid") is { Length: > 0 } uid && uid != current.GetString("metadata.uid"))
        {
            throw ApiErrors.Conflict(group, plural, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.GetString("metadata.uid")}");
        }

        if (options.GetString("preconditions.resourceVersion") is { Length: > 0 } version && version != current.GetString("metadata.resourceVersion"))
        {
            throw ApiErrors.Conflict(group, plural, name, $"Precondition failed: ResourceVersion in precondition: {version}, ResourceVersion in object meta: {current.GetString("metadata.resourceVersion")}");
        }
    }
}
