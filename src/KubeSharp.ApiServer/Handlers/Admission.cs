using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>Checks every write goes through before it is stored (upstream's NamespaceLifecycle admission and strategy validation).</summary>
internal static class Admission
{
    /// <summary>Objects in a missing or terminating namespace are refused, as upstream.</summary>
    public static async Task CheckNamespaceAsync(ApiContext api, ApiRequest request, string? @namespace, string name)
    {
        if (@namespace is null)
        {
            return;
        }

        // The watch cache answers almost always; the store settles a namespace made a moment ago.
        var namespaces = api.Registry.Get(string.Empty, "namespaces");
        var found = api.Cache(namespaces).Get(namespaces.Key(null, @namespace))?.Parse()
            ?? await api.Store.GetAsync(namespaces, null, @namespace, request.Aborted)
            ?? throw ApiErrors.NotFound(string.Empty, "namespaces", @namespace);
        if (found.GetString("metadata.deletionTimestamp") is not null || found.GetString("status.phase") == "Terminating")
        {
            throw ApiErrors.Forbidden(
                request.Resource.Api.Group, request.Resource.Api.Plural, name,
                $"unable to create new content in namespace {@namespace} because it is being terminated");
        }
    }

    /// <summary>
    /// upstream's Priority admission for new pods: a priorityClassName is resolved to its class's
    /// value and preemption policy (403 if no such class); a pod naming no class gets the global
    /// default class, if one exists. The two built-in system classes are the pod strategy's.
    /// </summary>
    public static void ResolvePriority(ApiContext api, ApiRequest request, JsonObject pod)
    {
        if (request.Resource.Api is not { Group: "", Plural: "pods" } || pod["spec"] is not JsonObject spec)
        {
            return;
        }

        var classes = api.Registry.Get("scheduling.k8s.io", "priorityclasses");
        var className = spec.GetString("priorityClassName");
        JsonObject? found;
        if (string.IsNullOrEmpty(className))
        {
            found = api.Cache(classes).Snapshot(string.Empty).Items
                .Select(cached => cached.Parse())
                .Where(item => item.GetBool("globalDefault") == true)
                .OrderBy(item => item.GetInt64("value"))
                .FirstOrDefault();
            if (found is null)
            {
                return;
            }

            spec["priorityClassName"] = found.GetString("metadata.name");
        }
        else if (className.StartsWith("system-", StringComparison.Ordinal))
        {
            return;
        }
        else
        {
            found = api.Cache(classes).Get(classes.Key(null, className))?.Parse()
                ?? throw ApiErrors.Forbidden(string.Empty, "pods", pod.GetString("metadata.name") ?? string.Empty, $"no PriorityClass with name {className} was found");
        }

        var value = found.GetInt64("value") ?? 0;
        if (spec.GetInt64("priority") is { } given && given != value)
        {
            throw ApiErrors.Forbidden(
                string.Empty, "pods", pod.GetString("metadata.name") ?? string.Empty,
                $"the integer value of priority ({given}) must not be provided in pod spec; priority admission controller computed {value} from the given PriorityClass name");
        }

        spec["priority"] = value;
        if (spec["preemptionPolicy"] is null)
        {
            spec["preemptionPolicy"] = found.GetString("preemptionPolicy") ?? "PreemptLowerPriority";
        }
    }

    /// <summary>Defaulting, then type, metadata and strategy validation: a 400 or 422 before anything is stored.</summary>
    public static void DefaultAndValidate(ApiRequest request, JsonObject item, JsonObject? old)
    {
        var resource = request.Resource;
        CheckFields(request, item);
        resource.Strategy.Default(item);
        if (resource.Api is { Group: "", Plural: "services" })
        {
            request.Api.Services.Allocate(item, old);
        }

        var errors = new FieldErrors();
        ObjectMetaRules.Validate(item, resource, errors);
        if (old is null)
        {
            resource.Strategy.Validate(item, errors);
        }
        else
        {
            ObjectMetaRules.ValidateUpdate(item, old, errors);
            resource.Strategy.ValidateUpdate(item, old, errors);
        }

        if (errors.Count > 0)
        {
            throw ApiErrors.Invalid(resource.Api.Group, resource.Api.Kind, item.GetString("metadata.name") ?? string.Empty, errors);
        }
    }

    /// <summary>
    /// Type-checks the body against its model (400 on a mistyped value), then fieldValidation:
    /// Strict refuses unknown fields (400), Warn (the default) answers with Warning
    /// headers, which kubectl prints, and Ignore drops nothing and says nothing.
    /// </summary>
    private static void CheckFields(ApiRequest request, JsonObject item)
    {
        var mode = request.Query("fieldValidation") ?? "Warn";
        if (mode is not ("Strict" or "Warn" or "Ignore"))
        {
            throw ApiErrors.BadRequest($"fieldValidation parameter unsupported: \"{mode}\" (supported values: \"Ignore\", \"Warn\", \"Strict\")");
        }

        var unknown = ModelShape.Check(item, request.Resource.Api);
        if (mode == "Ignore" || unknown.Count == 0)
        {
            return;
        }

        if (mode == "Strict")
        {
            var api = request.Resource.Api;
            throw ApiErrors.BadRequest($"{api.Kind} in version \"{api.Version}\" cannot be handled as a {api.Kind}: strict decoding error: "
                + string.Join(", ", unknown.Select(f => $"unknown field \"{f}\"")));
        }

        foreach (var field in unknown)
        {
            request.Http.Response.Headers.Append("Warning", $"299 - \"unknown field \\\"{field}\\\"\"");
        }
    }

    /// <summary>apiVersion and kind must name this resource (they may be left out); a 400 otherwise.</summary>
    public static void CheckTypeMeta(ApiRequest request, JsonObject item)
    {
        var api = request.Resource.Api;
        var apiVersion = item.GetString("apiVersion");
        var kind = item.GetString("kind");
        if ((apiVersion is not null && apiVersion != api.GroupVersion) || (kind is not null && kind != api.Kind))
        {
            throw ApiErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({api.GroupVersion})"
                + (kind is not null && kind != api.Kind ? $", or the kind ({kind}) is not {api.Kind}" : string.Empty));
        }

        item["apiVersion"] = api.GroupVersion;
        item["kind"] = api.Kind;
    }

    /// <summary>The object's namespace must be the request's (it may be left out).</summary>
    public static void CheckNamespace(ApiRequest request, JsonObject item)
    {
        var metadata = item.Ensure("metadata");
        if (!request.Resource.Api.Namespaced)
        {
            metadata.Remove("namespace");
            return;
        }

        var @namespace = request.RequiredNamespace()!;
        var given = metadata["namespace"]?.GetValue<string>();
        if (!string.IsNullOrEmpty(given) && given != @namespace)
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        metadata["namespace"] = @namespace;
    }
}
