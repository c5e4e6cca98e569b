namespace KubeSharp.Dns.Wire;

/// <summary>What a query's OPT record says (RFC 6891 6.1.3): the sender's UDP payload size, the EDNS version, the DO bit.</summary>
internal readonly record struct Edns(bool Present, ushort PayloadSize, byte Version, bool DnssecOk)
{
    public static readonly Edns None = default;
}
