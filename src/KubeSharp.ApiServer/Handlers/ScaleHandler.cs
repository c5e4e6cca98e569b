using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.Api.Selectors;
using KubeSharp.ApiServer.Http;
using KubeSharp.ApiServer.Patch;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Handlers;

/// <summary>The scale subresource (autoscaling/v1 Scale) of Deployments, ReplicaSets and StatefulSets: reads and writes spec.replicas.</summary>
internal static class ScaleHandler
{
    public static async Task HandleAsync(ApiContext api, ApiRequest request)
    {
        var resource = request.Resource;
        var @namespace = request.RequiredNamespace();
        var name = request.Info.Name!;
        var method = request.Http.Request.Method;
        if (HttpMethods.IsGet(method))
        {
            var item = await api.Store.GetAsync(resource, @namespace, name, request.Aborted)
                ?? throw ApiErrors.NotFound(resource.Api.Group, resource.Api.Plural, name);
            await Responses.WriteJsonAsync(request.Http, 200, ToScale(item));
            return;
        }

        var body = await RequestBodies.ReadBytesAsync(request.Http, api.MaxBodyBytes);
        RequestBodies.RequireUtf8(body);
        RequestBodies.CheckShape(body);
        var contentType = MediaTypes.Essence(request.Http.Request.ContentType);
        if (HttpMethods.IsPatch(method) && contentType == MediaTypes.ApplyPatch)
        {
            await ApplyAsync(api, request, body);
            return;
        }

        await MutationHandler.UpdateAsync(api, request.AsMainResource(), current =>
        {
            var scale = ToScale(current);
            JsonObject desired;
            if (HttpMethods.IsPut(method))
            {
                desired = RequestBodies.ParseJson(body);
            }
            else
            {
                var patch = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = RequestBodies.MaxDepth });
                desired = (contentType switch
                {
                    MediaTypes.JsonPatch => JsonPatch.Apply(scale, patch),
                    MediaTypes.MergePatch or MediaTypes.StrategicMergePatch => JsonMergePatch.Apply(scale, patch),
                    _ => throw ApiErrors.UnsupportedMediaType(request.Http.Request.ContentType ?? string.Empty),
                }) as JsonObject ?? throw ApiErrors.BadRequest("the patch does not leave a Scale object");
            }

            var expected = desired.GetString("metadata.resourceVersion");
            if (!string.IsNullOrEmpty(expected) && HttpMethods.IsPut(method) && expected != current.GetString("metadata.resourceVersion"))
            {
                throw ApiErrors.ObjectModified(resource.Api.Group, resource.Api.Plural, name);
            }

            var replicas = desired.Get("spec.replicas") is JsonValue value ? JsonPaths.AsInt64(value) ?? -1 : -1;
            if (replicas < 0 || replicas > int.MaxValue)
            {
                throw ApiErrors.Invalid("autoscaling", "Scale", name, [new StatusCause("FieldValueInvalid", $"Invalid value: {replicas}: must be greater than or equal to 0", "spec.replicas")]);
            }

            var next = (JsonObject)current.DeepClone();
            next.Ensure("spec")["replicas"] = replicas;
            return UpdateLogic.Apply(request.AsMainResource(), current, next, subresource: "scale");
        }, ToScale);
    }

    /// <summary>
    /// Server-side apply of a Scale: the applier owns the parent's spec.replicas in a managedFields
    /// entry of its own (subresource "scale"), conflicting with other owners unless forced, as upstream.
    /// </summary>
    private static async Task ApplyAsync(ApiContext api, ApiRequest request, byte[] body)
    {
        var config = body.AsSpan().TrimStart(" \t\r\n"u8) is [(byte)'{', ..] ? RequestBodies.ParseJson(body) : YamlToJson.Convert(body, RequestBodies.MaxDepth);
        if (config.GetString("kind") is { } kind && kind != "Scale")
        {
            throw ApiErrors.BadRequest($"the kind of an apply to the scale subresource must be Scale, not {kind}");
        }

        var name = request.Info.Name!;
        if (config.GetString("metadata.name") is { } configName && configName != name)
        {
            throw ApiErrors.BadRequest($"the name of the object ({configName}) does not match the name on the URL ({name})");
        }

        var spec = new JsonObject();
        if (config.Get("spec.replicas") is JsonValue value)
        {
            var replicas = JsonPaths.AsInt64(value) ?? -1;
            if (replicas < 0 || replicas > int.MaxValue)
            {
                throw ApiErrors.Invalid("autoscaling", "Scale", name, [new StatusCause("FieldValueInvalid", $"Invalid value: {replicas}: must be greater than or equal to 0", "spec.replicas")]);
            }

            spec["replicas"] = replicas;
        }

        var parentConfig = new JsonObject
        {
            ["apiVersion"] = request.Resource.Api.GroupVersion,
            ["kind"] = request.Resource.Api.Kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = request.RequiredNamespace() },
            ["spec"] = spec,
        };
        var force = request.QueryFlag("force");
        await MutationHandler.UpdateAsync(
            api,
            request.AsMainResource(),
            current => UpdateLogic.Apply(request.AsMainResource(), current, Apply.ApplyMerge.Apply(request, current, parentConfig, force), applied: true),
            ToScale);
    }

    public static JsonObject ToScale(JsonObject item)
    {
        var selector = item.GetObject("spec.selector") is { } model
            ? LabelSelector.FromModel(JsonSerializer.Deserialize<V1LabelSelector>(model.ToJsonString(), new JsonSerializerOptions(JsonSerializerDefaults.Web))).ToString()
            : string.Empty;
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = item.GetString("metadata.name"),
                ["namespace"] = item.GetString("metadata.namespace"),
                ["uid"] = item.GetString("metadata.uid"),
                ["resourceVersion"] = item.GetString("metadata.resourceVersion"),
                ["creationTimestamp"] = item.GetString("metadata.creationTimestamp"),
            },
            ["spec"] = new JsonObject { ["replicas"] = item.GetInt64("spec.replicas") ?? 1 },
            ["status"] = new JsonObject { ["replicas"] = item.GetInt64("status.replicas") ?? 0, ["selector"] = selector },
        };
    }
}
