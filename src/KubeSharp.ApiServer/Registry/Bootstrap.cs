using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Handlers;
using KubeSharp.ApiServer.Storage;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// What exists from the start, as upstream's API server makes it: the four system namespaces, the
/// <c>kubernetes</c> Service on the first service address, and its Endpoints pointing at this server.
/// </summary>
internal static class Bootstrap
{
    public static readonly string[] Namespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    public static async Task EnsureAsync(ResourceRegistry registry, ObjectStore store, ServiceAllocator allocator, TimeProvider time, CancellationToken cancellationToken)
    {
        var namespaces = registry.Get(string.Empty, "namespaces");
        foreach (var name in Namespaces)
        {
            await CreateIfMissingAsync(namespaces, store, time, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = new JsonObject { ["name"] = name },
            }, cancellationToken);
        }

        var address = allocator.KubernetesServiceAddress.ToString();
        await CreateIfMissingAsync(registry.Get(string.Empty, "services"), store, time, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject
            {
                ["name"] = "kubernetes",
                ["namespace"] = "default",
                ["labels"] = new JsonObject { ["component"] = "apiserver", ["provider"] = "kubernetes" },
            },
            ["spec"] = new JsonObject
            {
                ["type"] = "ClusterIP",
                ["clusterIP"] = address,
                ["clusterIPs"] = new JsonArray(address),
                ["ipFamilies"] = new JsonArray("IPv4"),
                ["ipFamilyPolicy"] = "SingleStack",
                ["sessionAffinity"] = "None",
                ["internalTrafficPolicy"] = "Cluster",
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = 443, ["protocol"] = "TCP", ["targetPort"] = 6443 }),
            },
            ["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() },
        }, cancellationToken);
    }

    /// <summary>The kubernetes Endpoints: this server's address and port (upstream's endpoint reconciler).</summary>
    public static async Task ReconcileEndpointsAsync(ResourceRegistry registry, ObjectStore store, IPAddress bindAddress, int port, TimeProvider time, CancellationToken cancellationToken)
    {
        var endpoints = registry.Get(string.Empty, "endpoints");
        var subsets = new JsonArray(new JsonObject
        {
            ["addresses"] = new JsonArray(new JsonObject { ["ip"] = AdvertiseAddress(bindAddress).ToString() }),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = port, ["protocol"] = "TCP" }),
        });
        var item = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Endpoints",
            ["metadata"] = new JsonObject
            {
                ["name"] = "kubernetes",
                ["namespace"] = "default",
                ["labels"] = new JsonObject { ["endpointslice.kubernetes.io/skip-mirror"] = "true" },
            },
            ["subsets"] = subsets,
        };
        if (!await CreateIfMissingAsync(endpoints, store, time, item, cancellationToken))
        {
            await store.GuaranteedUpdateAsync(endpoints, "default", "kubernetes", current =>
            {
                if (JsonNode.DeepEquals(current["subsets"], subsets))
                {
                    return null;
                }

                current["subsets"] = subsets.DeepClone();
                return current;
            }, cancellationToken);
        }
    }

    /// <summary>The address other nodes reach this server at: the bind address, else the first non-loopback IPv4.</summary>
    public static IPAddress AdvertiseAddress(IPAddress bindAddress)
    {
        if (!bindAddress.Equals(IPAddress.Any))
        {
            return bindAddress;
        }

        return NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? IPAddress.Loopback;
    }

    private static async Task<bool> CreateIfMissingAsync(RegisteredResource resource, ObjectStore store, TimeProvider time, JsonObject item, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(resource, item.GetString("metadata.namespace"), item.GetString("metadata.name")!, cancellationToken) is not null)
        {
            return false;
        }

        ObjectMetaRules.PrepareForCreate(item, resource, time.GetUtcNow());
        var status = item["status"]?.DeepClone();
        resource.Strategy.PrepareForCreate(item);
        if (status is not null)
        {
            item["status"] = status;
        }

        resource.Strategy.Default(item);
        try
        {
            await store.CreateAsync(resource, item, cancellationToken);
            return true;
        }
        catch (ApiException error) when (error.Reason == "AlreadyExists")
        {
            // Another server made it meanwhile.
            return false;
        }
    }
}
