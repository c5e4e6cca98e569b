using System.Globalization;
using System.Text;

namespace KubeSharp.Proxy.Nftables;

/// <summary>
/// The whole table in one atomic batch: <c>add table</c> and <c>delete table</c> (so leftovers of
/// any earlier state go, whether or not the table exists), the table block with the fixed objects
/// and every Service's sets and chains, then the map and set elements, many per command.
/// </summary>
internal static class FullScript
{
    private const int ElementsPerCommand = 1000;

    private static readonly string[] MapNames =
    [
        NftNames.ServiceIpsMap,
        NftNames.ServiceNodePortsMap,
        NftNames.NoEndpointServicesMap,
        NftNames.NoEndpointNodePortsMap,
    ];

    /// <param name="table">The table's name.</param>
    /// <param name="services">Every Service's chains and affinity sets.</param>
    /// <param name="elements">The map elements, each key once.</param>
    /// <param name="hairpinIps">The endpoint IPs of the hairpin set.</param>
    /// <param name="commands">Set to the number of objects, rules and elements written.</param>
    public static string Write(string table, IEnumerable<ServiceRules> services, IReadOnlyList<NftElement> elements, IEnumerable<string> hairpinIps, out int commands)
    {
        var text = new StringBuilder(256 * 1024);
        text.Append("add table ip ").Append(table).Append('\n');
        text.Append("delete table ip ").Append(table).Append('\n');
        text.Append("table ip ").Append(table).Append(" {\n");
        commands = 2 + TableSkeleton.Write(text);
        foreach (var service in services)
        {
            foreach (var set in service.AffinitySets)
            {
                AppendSetBody(text.Append("\tset ").Append(set.Name), set).Append('\n');
                commands++;
            }

            foreach (var chain in service.Chains)
            {
                commands += TableSkeleton.WriteChain(text, chain.Name, null, chain.Rules);
            }
        }

        text.Append("}\n");
        foreach (var map in MapNames)
        {
            commands += WriteElements(text, table, map, elements);
        }

        commands += WriteHairpin(text, table, hairpinIps);
        return text.ToString();
    }

    /// <summary>What follows an affinity set's name: <c> { type ipv4_addr ; flags dynamic,timeout ; timeout 10800s ; }</c>.</summary>
    public static StringBuilder AppendSetBody(StringBuilder text, AffinitySet set) =>
        text.Append(" { type ipv4_addr ; flags dynamic,timeout ; timeout ")
            .Append(set.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)).Append("s ; }");

    private static int WriteElements(StringBuilder text, string table, string map, IReadOnlyList<NftElement> elements)
    {
        var written = 0;
        foreach (var element in elements)
        {
            if (element.Map != map)
            {
                continue;
            }

            if (written % ElementsPerCommand == 0)
            {
                text.Append(written == 0 ? string.Empty : " }\n").Append("add element ip ").Append(table).Append(' ').Append(map).Append(" { ");
            }
            else
            {
                text.Append(", ");
            }

            text.Append(element.Key).Append(" : ").Append(element.Verdict);
            written++;
        }

        if (written > 0)
        {
            text.Append(" }\n");
        }

        return written;
    }

    private static int WriteHairpin(StringBuilder text, string table, IEnumerable<string> ips)
    {
        var written = 0;
        foreach (var ip in ips)
        {
            if (written % ElementsPerCommand == 0)
            {
                text.Append(written == 0 ? string.Empty : " }\n").Append("add element ip ").Append(table).Append(' ').Append(NftNames.HairpinSet).Append(" { ");
            }
            else
            {
                text.Append(", ");
            }

            text.Append(ip).Append(" . ").Append(ip);
            written++;
        }

        if (written > 0)
        {
            text.Append(" }\n");
        }

        return written;
    }
}
