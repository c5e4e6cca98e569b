using System.Text;

namespace KubeSharp.Proxy.Nftables;

/// <summary>
/// The fixed part of the table: the four verdict maps Services fill, the hairpin set, the base
/// chains on the nat and filter hooks, and the dispatch, masquerading and no-endpoint chains. The
/// filter chains run just before DNAT, so they see a Service's own address; reject is only
/// allowed on the input, forward and output hooks. Only two rules look up the Services' maps, so
/// the number of chains the kernel validates per batch does not grow with the Services.
/// </summary>
internal static class TableSkeleton
{
    private const string NoLocalhost = "ip daddr != 127.0.0.0/8";

    private static readonly (string Name, string Type)[] Maps =
    [
        (NftNames.ServiceIpsMap, "ipv4_addr . inet_proto . inet_service : verdict"),
        (NftNames.ServiceNodePortsMap, "inet_proto . inet_service : verdict"),
        (NftNames.NoEndpointServicesMap, "ipv4_addr . inet_proto . inet_service : verdict"),
        (NftNames.NoEndpointNodePortsMap, "inet_proto . inet_service : verdict"),
    ];

    private static readonly (string Name, string? Hook, string[] Rules)[] Chains =
    [
        ("nat-prerouting", "type nat hook prerouting priority dstnat; policy accept;", ["jump services"]),
        ("nat-output", "type nat hook output priority -100; policy accept;", ["jump services"]),
        ("nat-postrouting", "type nat hook postrouting priority srcnat; policy accept;", ["jump masquerading"]),
        ("masquerading", null,
        [
            $"ip saddr . ip daddr @{NftNames.HairpinSet} masquerade",
            $"meta mark & {NftNames.MasqueradeMark} == 0 return",
            $"meta mark set meta mark ^ {NftNames.MasqueradeMark}",
            "masquerade fully-random",
        ]),
        ("services", null,
        [
            $"ip daddr . meta l4proto . th dport vmap @{NftNames.ServiceIpsMap}",

            // Like upstream, NodePorts are not served on localhost.
            $"fib daddr type local {NoLocalhost} meta l4proto . th dport vmap @{NftNames.ServiceNodePortsMap}",
        ]),
        ("filter-input", "type filter hook input priority -110; policy accept;", ["ct state new jump nodeport-endpoints-check", "ct state new jump service-endpoints-check"]),
        ("filter-forward", "type filter hook forward priority -110; policy accept;", ["ct state new jump service-endpoints-check"]),
        ("filter-output", "type filter hook output priority -110; policy accept;", ["ct state new jump service-endpoints-check"]),
        ("service-endpoints-check", null, [$"ip daddr . meta l4proto . th dport vmap @{NftNames.NoEndpointServicesMap}"]),
        ("nodeport-endpoints-check", null, [$"fib daddr type local {NoLocalhost} meta l4proto . th dport vmap @{NftNames.NoEndpointNodePortsMap}"]),
        (NftNames.RejectChain, null, ["reject"]),
    ];

    /// <summary>Writes the fixed objects into a table block; returns how many objects and rules that is.</summary>
    public static int Write(StringBuilder text)
    {
        var commands = 0;
        foreach (var (name, type) in Maps)
        {
            text.Append("\tmap ").Append(name).Append(" { type ").Append(type).Append(" ; }\n");
            commands++;
        }

        text.Append("\tset ").Append(NftNames.HairpinSet).Append(" { type ipv4_addr . ipv4_addr ; }\n");
        commands++;
        foreach (var (name, hook, rules) in Chains)
        {
            commands += WriteChain(text, name, hook, rules);
        }

        return commands;
    }

    /// <summary>Writes a chain block (nft 1.0.6 needs the newline before its closing brace); returns 1 + its rules.</summary>
    public static int WriteChain(StringBuilder text, string name, string? hook, IReadOnlyList<string> rules)
    {
        text.Append("\tchain ").Append(name).Append(" {\n");
        if (hook is not null)
        {
            text.Append("\t\t").Append(hook).Append('\n');
        }

        foreach (var rule in rules)
        {
            text.Append("\t\t").Append(rule).Append('\n');
        }

        text.Append("\t}\n");
        return 1 + rules.Count;
    }
}
