namespace KubeSharp.Proxy.Nftables;

/// <summary>A regular chain of a Service port with its rules, in order.</summary>
internal sealed record NftChain(string Name, IReadOnlyList<string> Rules)
{
    public bool HasSameRules(NftChain other)
    {
        if (Rules.Count != other.Rules.Count)
        {
            return false;
        }

        for (var i = 0; i < Rules.Count; i++)
        {
            if (Rules[i] != other.Rules[i])
            {
                return false;
            }
        }

        return true;
    }
}
