namespace KubeSharp.Dns.Records;

/// <summary>
/// &lt;a-b-c-d&gt;.&lt;ns&gt;.pod.&lt;zone&gt; in CoreDNS's "pods insecure" mode: the address the name spells,
/// for any namespace that exists, whether or not a pod has that address.
/// </summary>
internal static class PodNames
{
    /// <summary>Writes the address <paramref name="key"/> names to <paramref name="address"/> (16 bytes); its length, or 0 if the key is no pod name.</summary>
    public static int TryAddress(ZoneSnapshot zone, ReadOnlySpan<char> key, Span<byte> address)
    {
        if (!key.EndsWith(zone.PodSuffix))
        {
            return 0;
        }

        var rest = key[..^zone.PodSuffix.Length];
        var dot = rest.IndexOf('.');
        if (dot <= 0 || dot == rest.Length - 1 || rest[(dot + 1)..].Contains('.'))
        {
            return 0;
        }

        return zone.HasNamespace(rest[(dot + 1)..]) ? Addresses.TryParseDashed(rest[..dot], address) : 0;
    }
}
