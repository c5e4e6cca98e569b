using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Resources;
using KubeSharp.ApiServer.Registry;

namespace KubeSharp.ApiServer.OpenApi;

/// <summary>
/// /openapi/v3: the index of group-version documents and each document, with the paths of every
/// resource (their PATCH carries the fieldValidation parameter, which makes kubectl validate on the
/// server) and the schemas kubectl explain reads. Built on first use and kept.
/// </summary>
internal sealed class OpenApiDocuments(ResourceRegistry registry)
{
    private readonly ConcurrentDictionary<string, (byte[] Body, string Hash)> _documents = new();
    private readonly SchemaGenerator _schemas = new(ModelDocumentation.ForKubernetesClient());
    private JsonObject? _index;

    public JsonObject Index()
    {
        if (_index is not null)
        {
            return _index;
        }

        var paths = new JsonObject();
        foreach (var (group, version) in registry.GroupVersions)
        {
            var path = DocumentPath(group, version);
            paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={Document(path)!.Value.Hash}" };
        }

        return _index = new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document for "api/v1" or "apis/apps/v1", or null.</summary>
    public (byte[] Body, string Hash)? Document(string path)
    {
        if (_documents.TryGetValue(path, out var cached))
        {
            return cached;
        }

        var groupVersion = registry.GroupVersions.FirstOrDefault(gv => DocumentPath(gv.Group, gv.Version) == path);
        if (groupVersion.Version is null)
        {
            return null;
        }

        var body = KubeSharp.Api.Json.JsonDefaults.Serialize(Build(groupVersion.Group, groupVersion.Version));
        var built = (body, Convert.ToHexString(SHA512.HashData(body))[..32]);
        return _documents.GetOrAdd(path, built);
    }

    private static string DocumentPath(string group, string version) => group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    private JsonObject Build(string group, string version)
    {
        var schemas = new JsonObject();
        var paths = new JsonObject();
        foreach (var resource in registry.InGroupVersion(group, version))
        {
            var api = resource.Api;
            if (api.ModelType is not { } model)
            {
                continue;
            }

            var package = SchemaGenerator.PackageOf(api);
            var name = _schemas.Add(model, api, package, schemas);
            var listName = AddList(api, name, package, schemas);
            var prefix = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
            var collection = api.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{api.Plural}" : $"{prefix}/{api.Plural}";
            paths[collection] = CollectionPath(api, name, listName);
            paths[collection + "/{name}"] = ItemPath(api, name, api.Namespaced);
            foreach (var sub in api.Subresources.Where(s => s is "status" or "scale"))
            {
                paths[$"{collection}/{{name}}/{sub}"] = ItemPath(api, name, api.Namespaced);
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static string AddList(ApiResource api, string itemName, string package, JsonObject schemas)
    {
        var name = $"{package}.{api.ListKind}";
        schemas[name] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = $"{api.ListKind} is a list of {api.Kind} objects.",
            ["properties"] = new JsonObject
            {
                ["apiVersion"] = new JsonObject { ["type"] = "string" },
                ["kind"] = new JsonObject { ["type"] = "string" },
                ["items"] = new JsonObject { ["type"] = "array", ["items"] = Ref(itemName) },
                ["metadata"] = Ref("io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta"),
            },
            ["required"] = new JsonArray("items"),
            ["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = api.Group, ["kind"] = api.ListKind, ["version"] = api.Version }),
        };
        schemas.TryAdd("io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta", new JsonObject { ["type"] = "object" });
        return name;
    }

    private static JsonObject CollectionPath(ApiResource api, string name, string listName) => new()
    {
        ["get"] = Operation(api, "list", listName, [Query("labelSelector"), Query("fieldSelector"), Query("limit", "integer"), Query("continue"), Query("resourceVersion"), Query("watch", "boolean")]),
        ["post"] = Operation(api, "post", name, WriteParameters(), withBody: name),
        ["delete"] = Operation(api, "deletecollection", "io.k8s.apimachinery.pkg.apis.meta.v1.Status", [Query("labelSelector"), Query("fieldSelector")]),
        ["parameters"] = PathParameters(api.Namespaced, withName: false),
    };

    private static JsonObject ItemPath(ApiResource api, string name, bool namespaced) => new()
    {
        ["get"] = Operation(api, "get", name, []),
        ["put"] = Operation(api, "put", name, WriteParameters(), withBody: name),
        ["patch"] = Operation(api, "patch", name, [.. WriteParameters(), Query("force", "boolean")], withBody: "io.k8s.apimachinery.pkg.apis.meta.v1.Patch"),
        ["delete"] = Operation(api, "delete", "io.k8s.apimachinery.pkg.apis.meta.v1.Status", [Query("gracePeriodSeconds", "integer"), Query("propagationPolicy"), Query("dryRun")]),
        ["parameters"] = PathParameters(namespaced, withName: true),
    };

    private static JsonNode[] WriteParameters() => [Query("dryRun"), Query("fieldManager"), Query("fieldValidation")];

    private static JsonObject Operation(ApiResource api, string action, string responseSchema, JsonNode[] parameters, string? withBody = null)
    {
        var operation = new JsonObject
        {
            ["operationId"] = $"{action}{api.Kind}",
            ["parameters"] = new JsonArray(parameters),
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "OK",
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref(responseSchema) } },
                },
            },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = api.Group, ["kind"] = api.Kind, ["version"] = api.Version },
        };
        if (withBody is not null)
        {
            var content = new JsonObject();
            var types = action == "patch"
                ? new[] { "application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json" }
                : ["*/*"];
            foreach (var type in types)
            {
                content[type] = new JsonObject { ["schema"] = Ref(withBody) };
            }

            operation["requestBody"] = new JsonObject { ["content"] = content, ["required"] = true };
        }

        return operation;
    }

    private static JsonArray PathParameters(bool namespaced, bool withName)
    {
        var parameters = new JsonArray();
        if (withName)
        {
            parameters.Add(new JsonObject { ["name"] = "name", ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true } });
        }

        if (namespaced)
        {
            parameters.Add(new JsonObject { ["name"] = "namespace", ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true } });
        }

        parameters.Add(Query("pretty"));
        return parameters;
    }

    private static JsonObject Query(string name, string type = "string") =>
        new() { ["name"] = name, ["in"] = "query", ["schema"] = new JsonObject { ["type"] = type, ["uniqueItems"] = true } };

    private static JsonObject Ref(string name) => new() { ["$ref"] = SchemaGenerator.Ref(name) };
}
