namespace KubeSharp.Dns.Wire;

/// <summary>
/// Reads a domain name (RFC 1035 3.1, 4.1.4) from a message, following compression pointers.
/// It yields the name twice: uncompressed in wire form with its case kept (to echo it), and as the
/// lookup key: lower-case ASCII, labels joined by dots, no trailing dot ("" for the root).
/// </summary>
internal static class DnsNameReader
{
    /// <summary>The longest name in wire form (RFC 1035 2.3.4).</summary>
    public const int MaxWireLength = 255;

    /// <summary>Room for the longest key: a name of 255 wire bytes has at most 253 characters.</summary>
    public const int MaxKeyLength = 253;

    /// <summary>
    /// Reads the name at <paramref name="offset"/> and moves it past the name (past the first pointer
    /// if there is one). False if the name is malformed: out of bounds, over 255 bytes, a label type
    /// other than plain or pointer, or a pointer that does not point backwards. A loop of pointers
    /// thus either goes backwards until it fails or adds labels until the name is too long.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> message, ref int offset, Span<byte> wire, out int wireLength, Span<char> key, out int keyLength)
    {
        wireLength = 0;
        keyLength = 0;
        var position = offset;
        var end = -1;
        while (true)
        {
            if (position >= message.Length)
            {
                return false;
            }

            var length = message[position];
            if (length == 0)
            {
                wire[wireLength++] = 0;
                offset = end < 0 ? position + 1 : end;
                return true;
            }

            if ((length & 0xC0) == 0xC0)
            {
                if (position + 1 >= message.Length)
                {
                    return false;
                }

                var target = ((length & 0x3F) << 8) | message[position + 1];
                if (target >= position)
                {
                    return false;
                }

                if (end < 0)
                {
                    end = position + 2;
                }

                position = target;
                continue;
            }

            if ((length & 0xC0) != 0 || position + 1 + length > message.Length || wireLength + 1 + length + 1 > MaxWireLength)
            {
                return false;
            }

            var label = message.Slice(position + 1, length);
            wire[wireLength++] = length;
            label.CopyTo(wire[wireLength..]);
            wireLength += length;
            if (keyLength > 0)
            {
                key[keyLength++] = '.';
            }

            foreach (var b in label)
            {
                key[keyLength++] = KeyChar(b);
            }

            position += 1 + length;
        }
    }

    /// <summary>Moves <paramref name="offset"/> past the name there without decoding it.</summary>
    public static bool TrySkip(ReadOnlySpan<byte> message, ref int offset)
    {
        var position = offset;
        while (position < message.Length)
        {
            var length = message[position];
            if (length == 0)
            {
                offset = position + 1;
                return true;
            }

            if ((length & 0xC0) == 0xC0)
            {
                if (position + 1 >= message.Length)
                {
                    return false;
                }

                offset = position + 2;
                return true;
            }

            if ((length & 0xC0) != 0)
            {
                return false;
            }

            position += 1 + length;
        }

        return false;
    }

    /// <summary>
    /// ASCII letters fold to lower case (DNS compares names case-insensitively, RFC 4343). A dot inside
    /// a label becomes NUL so that "a\.b" never matches the two labels "a.b"; no key we serve holds NUL.
    /// </summary>
    private static char KeyChar(byte b) => b switch
    {
        >= (byte)'A' and <= (byte)'Z' => (char)(b + 32),
        (byte)'.' => '\0',
        _ => (char)b,
    };
}
