using System.Text.Json.Nodes;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Tables;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.Services;

/// <summary>kubectl's services columns (upstream's printService; the server prints wide, so nothing is truncated).</summary>
internal static class ServiceTable
{
    public static readonly TableDefinition Definition = new(
        [
            TableColumn.ForName(),
            ColumnDocs.Text("Type", "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. \"ClusterIP\" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is \"None\", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. \"NodePort\" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. \"LoadBalancer\" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. \"ExternalName\" aliases this service to the specified externalName. Several other fields do not apply to ExternalName services. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types"),
            ColumnDocs.Text("Cluster-IP", "clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are \"None\", empty string (\"\"), or a valid IP address. Setting this to \"None\" makes a \"headless service\" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
            ColumnDocs.Text("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring that traffic arrives at a node with this IP.  A common example is external load-balancers that are not part of the Kubernetes system."),
            ColumnDocs.Text("Port(s)", "The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
            TableColumn.Age,
            ColumnDocs.Text("Selector", "Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/", 1),
        ],
        Row);

    private static JsonNode?[] Row(JsonObject service, DateTimeOffset now)
    {
        var spec = service["spec"] as JsonObject ?? [];
        var type = Text(spec["type"]) ?? string.Empty;
        var clusterIps = Texts(spec["clusterIPs"]);
        var clusterIp = clusterIps.Count > 0 ? clusterIps[0] : Text(spec["clusterIP"]);
        var ports = string.Join(",", (spec["ports"] as JsonArray).Objects().Select(p =>
            (Number(p["nodePort"]) ?? 0) > 0
                ? $"{Number(p["port"]) ?? 0}:{Number(p["nodePort"])}/{Text(p["protocol"])}"
                : $"{Number(p["port"]) ?? 0}/{Text(p["protocol"])}"));
        return
        [
            service.GetString("metadata.name"),
            type,
            string.IsNullOrEmpty(clusterIp) ? "<none>" : clusterIp,
            ExternalIps(service, spec, type),
            ports.Length == 0 ? "<none>" : ports,
            TableDefinition.Age(service, now),
            LabelText.Format(spec.GetStringMap("selector")),
        ];
    }

    private static string ExternalIps(JsonObject service, JsonObject spec, string type)
    {
        var externalIps = Texts(spec["externalIPs"]);
        switch (type)
        {
            case "ClusterIP" or "NodePort":
                return externalIps.Count > 0 ? string.Join(",", externalIps) : "<none>";
            case "LoadBalancer":
                var ingress = service.GetArray("status.loadBalancer.ingress").Objects()
                    .Select(i => Text(i["ip"]) is { Length: > 0 } ip ? ip : Text(i["hostname"]))
                    .Where(address => !string.IsNullOrEmpty(address))
                    .Select(address => address!)
                    .Distinct(StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (externalIps.Count > 0)
                {
                    return string.Join(",", ingress.Concat(externalIps));
                }

                return ingress.Count > 0 ? string.Join(",", ingress) : "<pending>";
            case "ExternalName":
                return Text(spec["externalName"]) ?? string.Empty;
            default:
                return "<unknown>";
        }
    }
}
