namespace KubeSharp.Dns.Wire;

/// <summary>Turns dotted names into wire form (RFC 1035 3.1) for the records a snapshot prepares.</summary>
internal static class DnsName
{
    public const int MaxLabelLength = 63;

    /// <summary>
    /// The wire form of a dotted name (a trailing dot is optional; "" and "." are the root), or null
    /// when it cannot be one: an empty label, a label over 63 bytes, over 255 bytes in all, or a
    /// character that is not ASCII.
    /// </summary>
    public static byte[]? TryEncode(string name)
    {
        var text = name.EndsWith('.') ? name.AsSpan(0, name.Length - 1) : name.AsSpan();
        if (text.IsEmpty)
        {
            return [0];
        }

        if (text.Length + 2 > DnsNameReader.MaxWireLength)
        {
            return null;
        }

        var wire = new byte[text.Length + 2];
        var position = 0;
        foreach (var range in text.Split('.'))
        {
            var label = text[range];
            if (label.IsEmpty || label.Length > MaxLabelLength)
            {
                return null;
            }

            wire[position++] = (byte)label.Length;
            foreach (var c in label)
            {
                if (c > 0x7F)
                {
                    return null;
                }

                wire[position++] = (byte)c;
            }
        }

        wire[position] = 0;
        return wire;
    }

    /// <summary>The wire form of a name that is known to be valid.</summary>
    public static byte[] Encode(string name) =>
        TryEncode(name) ?? throw new ArgumentException($"\"{name}\" is not a valid domain name");

    /// <summary>Whether <paramref name="key"/> is <paramref name="zone"/> or a name under it (both lower-case, no trailing dot).</summary>
    public static bool IsAtOrUnder(ReadOnlySpan<char> key, ReadOnlySpan<char> zone) =>
        key.EndsWith(zone) && (key.Length == zone.Length || key[key.Length - zone.Length - 1] == '.');
}
