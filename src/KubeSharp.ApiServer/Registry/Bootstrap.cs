using System.Text.Json.Nodes;
using KubeSharp.ApiServer.Handlers;
using KubeSharp.ApiServer.Storage;

namespace KubeSharp.ApiServer.Registry;

/// <summary>What exists from the start, as upstream's API server makes it: the four system namespaces.</summary>
internal static class Bootstrap
{
    public static readonly string[] Namespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    public static async Task EnsureAsync(ResourceRegistry registry, ObjectStore store, ApiServerOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        _ = options;
        var namespaces = registry.Get(string.Empty, "namespaces");
        foreach (var name in Namespaces)
        {
            if (await store.GetAsync(namespaces, null, name, cancellationToken) is not null)
            {
                continue;
            }

            var item = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = new JsonObject { ["name"] = name },
            };
            ObjectMetaRules.PrepareForCreate(item, namespaces, time.GetUtcNow());
            namespaces.Strategy.PrepareForCreate(item);
            namespaces.Strategy.Default(item);
            try
            {
                await store.CreateAsync(namespaces, item, cancellationToken);
            }
            catch (Api.Errors.ApiException error) when (error.Reason == "AlreadyExists")
            {
                // Another server made it meanwhile.
            }
        }
    }
}
