using System.Text.Json.Nodes;
using KubeSharp.Api.Json;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.Services;

/// <summary>SetDefaults_Service (in upstream's order), plus the clusterIP to clusterIPs step of the registry's normalizeClusterIPs.</summary>
internal static class ServiceDefaults
{
    /// <summary>DefaultClientIPServiceAffinitySeconds: three hours.</summary>
    private const long DefaultAffinitySeconds = 10800;

    public static void Apply(JsonObject service)
    {
        if (service["spec"] is not JsonObject spec)
        {
            return;
        }

        DefaultText(spec, "sessionAffinity", "None");
        var affinity = Text(spec["sessionAffinity"]);
        if (affinity == "None")
        {
            spec.Remove("sessionAffinityConfig");
        }
        else if (affinity == "ClientIP" && spec.Get("sessionAffinityConfig.clientIP.timeoutSeconds") is null)
        {
            spec["sessionAffinityConfig"] = new JsonObject { ["clientIP"] = new JsonObject { ["timeoutSeconds"] = DefaultAffinitySeconds } };
        }

        DefaultText(spec, "type", "ClusterIP");
        var type = Text(spec["type"]);
        foreach (var port in (spec["ports"] as JsonArray).Objects())
        {
            DefaultText(port, "protocol", "TCP");
            if (port["targetPort"] is null || Number(port["targetPort"]) == 0 || Text(port["targetPort"]) == string.Empty)
            {
                port["targetPort"] = port["port"]?.DeepClone();
            }
        }

        if (ServiceRules.ExternallyAccessible(spec))
        {
            DefaultText(spec, "externalTrafficPolicy", "Cluster");
        }

        if (type is "ClusterIP" or "NodePort" or "LoadBalancer")
        {
            DefaultValue(spec, "internalTrafficPolicy", "Cluster");
        }

        if (type == "LoadBalancer")
        {
            DefaultValue(spec, "allocateLoadBalancerNodePorts", true);
            foreach (var ingress in service.GetArray("status.loadBalancer.ingress").Objects())
            {
                if (!string.IsNullOrEmpty(Text(ingress["ip"])))
                {
                    DefaultValue(ingress, "ipMode", "VIP");
                }
            }
        }

        // The cluster is IPv4 single-stack: what upstream's allocator records for every Service with
        // cluster IPs, headless ones included (their EndpointSlices then hold IPv4 addresses only).
        if (type != "ExternalName")
        {
            DefaultValue(spec, "ipFamilyPolicy", "SingleStack");
            if ((spec["ipFamilies"] as JsonArray)?.Count is null or 0)
            {
                spec["ipFamilies"] = new JsonArray((JsonNode?)"IPv4");
            }
        }

        // An old client's clusterIP alone stands for clusterIPs (upstream's normalizeClusterIPs).
        if (Text(spec["clusterIP"]) is { Length: > 0 } clusterIp && (spec["clusterIPs"] as JsonArray)?.Count is null or 0)
        {
            spec["clusterIPs"] = new JsonArray((JsonNode?)clusterIp);
        }
    }
}
