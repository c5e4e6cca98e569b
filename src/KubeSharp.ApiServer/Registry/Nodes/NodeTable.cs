using System.Text.Json.Nodes;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Tables;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.Nodes;

/// <summary>kubectl's nodes columns (upstream's printNode).</summary>
internal static class NodeTable
{
    private const string RolePrefix = "node-role.kubernetes.io/";
    private const string AddressesDoc = "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).";

    public static readonly TableDefinition Definition = new(
        [
            TableColumn.ForName(),
            ColumnDocs.Text("Status", "The status of the node"),
            ColumnDocs.Text("Roles", "The roles of the node"),
            TableColumn.Age,
            ColumnDocs.Text("Version", "Kubelet Version reported by the node."),
            ColumnDocs.Text("Internal-IP", AddressesDoc, 1),
            ColumnDocs.Text("External-IP", AddressesDoc, 1),
            ColumnDocs.Text("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1),
            ColumnDocs.Text("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
            ColumnDocs.Text("Container-Runtime", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", 1),
        ],
        Row);

    private static JsonNode?[] Row(JsonObject node, DateTimeOffset now)
    {
        var status = node["status"] as JsonObject ?? [];
        var info = status["nodeInfo"] as JsonObject ?? [];
        var addresses = (status["addresses"] as JsonArray).Objects().ToList();
        return
        [
            node.GetString("metadata.name"),
            Status(node, status),
            Roles(node.GetStringMap("metadata.labels")),
            TableDefinition.Age(node, now),
            Text(info["kubeletVersion"]) ?? string.Empty,
            Address(addresses, "InternalIP"),
            Address(addresses, "ExternalIP"),
            Unknown(Text(info["osImage"])),
            Unknown(Text(info["kernelVersion"])),
            Unknown(Text(info["containerRuntimeVersion"])),
        ];
    }

    /// <summary>Ready or NotReady from the (last) Ready condition, else Unknown; SchedulingDisabled when cordoned.</summary>
    private static string Status(JsonObject node, JsonObject status)
    {
        var ready = (status["conditions"] as JsonArray).Objects().LastOrDefault(c => Text(c["type"]) == "Ready");
        var parts = new List<string> { ready is null ? "Unknown" : Text(ready["status"]) == "True" ? "Ready" : "NotReady" };
        if (node.GetBool("spec.unschedulable") == true)
        {
            parts.Add("SchedulingDisabled");
        }

        return string.Join(",", parts);
    }

    private static string Roles(Dictionary<string, string> labels)
    {
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels)
        {
            if (key.StartsWith(RolePrefix, StringComparison.Ordinal) && key.Length > RolePrefix.Length)
            {
                roles.Add(key[RolePrefix.Length..]);
            }
            else if (key == "kubernetes.io/role" && value.Length > 0)
            {
                roles.Add(value);
            }
        }

        return roles.Count == 0 ? "<none>" : string.Join(",", roles);
    }

    private static string Address(List<JsonObject> addresses, string type) =>
        addresses.FirstOrDefault(a => Text(a["type"]) == type) is { } address ? Text(address["address"]) ?? string.Empty : "<none>";

    private static string Unknown(string? value) => string.IsNullOrEmpty(value) ? "<unknown>" : value;
}
