namespace KubeSharp.Proxy.Nftables;

/// <summary>An element of one of the table's verdict maps, e.g. <c>10.43.0.10 . udp . 53 : goto svc-…</c>.</summary>
internal readonly record struct NftElement(string Map, string Key, string Verdict)
{
    public ElementKey Id => new(Map, Key);
}

/// <summary>Which map and key an element occupies; one Service at a time may own it.</summary>
internal readonly record struct ElementKey(string Map, string Key);
