namespace KubeSharp.Proxy.Nftables;

/// <summary>The fixed names of the table's maps, sets and chains, and the prefixes of the per-Service ones.</summary>
internal static class NftNames
{
    public const int MaxTableNameLength = 64;

    public const string ServiceIpsMap = "service-ips";
    public const string ServiceNodePortsMap = "service-nodeports";
    public const string NoEndpointServicesMap = "no-endpoint-services";
    public const string NoEndpointNodePortsMap = "no-endpoint-nodeports";
    public const string HairpinSet = "hairpin";
    public const string RejectChain = "reject-chain";

    /// <summary>The packet mark that makes the masquerading chain SNAT a connection (upstream's default bit 14).</summary>
    public const string MasqueradeMark = "0x4000";

    public const string ClusterChainPrefix = "svc-";
    public const string ExternalChainPrefix = "ext-";
    public const string LocalChainPrefix = "local-";
    public const string FirewallChainPrefix = "fw-";
    public const string AffinitySetPrefix = "aff-";

    /// <summary>The verdict of a map element for a Service with no endpoint at all.</summary>
    public const string RejectVerdict = "goto " + RejectChain;

    /// <summary>A name nft 1.0.6 reads as an identifier (a letter, then letters, digits, '-' and '_').</summary>
    public static bool IsIdentifier(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxTableNameLength || !char.IsAsciiLetter(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
