using System.Text.Json.Nodes;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Tables;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.Endpoints;

/// <summary>kubectl's endpoints columns (upstream's printEndpoints): the first three ready address:port pairs.</summary>
internal static class EndpointsTable
{
    private const int Shown = 3;

    public static readonly TableDefinition Definition = TableDefinition.NameAge(
        (ColumnDocs.Text("Endpoints", "The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service."),
            (item, _) => Format(item)));

    /// <summary>formatEndpoints: notReadyAddresses are never shown.</summary>
    private static string Format(JsonObject endpoints)
    {
        var subsets = (endpoints["subsets"] as JsonArray).Objects().ToList();
        if (subsets.Count == 0)
        {
            return "<none>";
        }

        var list = new List<string>();
        var more = false;
        var count = 0;
        foreach (var subset in subsets)
        {
            var addresses = (subset["addresses"] as JsonArray).Objects().Select(a => Text(a["ip"]) ?? string.Empty).ToList();
            var ports = (subset["ports"] as JsonArray).Objects().Select(p => Number(p["port"]) ?? 0).ToList();
            if (ports.Count == 0)
            {
                count += addresses.Count;
                Add(list, addresses, ref more);
                continue;
            }

            foreach (var port in ports)
            {
                count += addresses.Count;
                Add(list, addresses.Select(ip => ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]:{port}" : $"{ip}:{port}"), ref more);
            }
        }

        var text = string.Join(",", list);
        return more ? $"{text} + {count - Shown} more..." : text;
    }

    private static void Add(List<string> list, IEnumerable<string> entries, ref bool more)
    {
        foreach (var entry in entries)
        {
            if (list.Count == Shown)
            {
                more = true;
                return;
            }

            list.Add(entry);
        }
    }
}
