using System.Security.Cryptography;
using System.Text;

namespace KubeSharp.Proxy.Services;

/// <summary>
/// The stable part of a Service port's chain and set names, as upstream names its chains: 16
/// base32 characters of the SHA-256 of "namespace/name/protocol[/port]", which keep names unique,
/// then that text itself, which keeps them readable (e.g. <c>svc-ULMVA6XWYZ5Q2J3K-default/web/tcp/http</c>).
/// Namespace, Service and port names only hold characters nft accepts in names; anything else becomes '_'.
/// </summary>
internal static class ServicePortId
{
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const int HashLength = 16;

    // Keeps the longest set name (prefix, id, endpoint) within nft's 255 characters; real names never need cutting.
    private const int MaxReadableLength = 180;

    public static string For(string @namespace, string name, string protocol, string portName)
    {
        var readable = portName.Length == 0 ? $"{@namespace}/{name}/{protocol}" : $"{@namespace}/{name}/{protocol}/{portName}";
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(Math.Min(readable.Length, 1024))];
        var length = Encoding.UTF8.GetBytes(readable.AsSpan(0, Math.Min(readable.Length, 1024)), utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], hash);

        var shown = Math.Min(readable.Length, MaxReadableLength);
        return string.Create(HashLength + 1 + shown, (Hash: hash.ToArray(), Readable: readable), static (chars, state) =>
        {
            // 16 characters of 5 bits: the first 10 bytes.
            for (var group = 0; group < 2; group++)
            {
                ulong bits = 0;
                for (var i = 0; i < 5; i++)
                {
                    bits = (bits << 8) | state.Hash[(group * 5) + i];
                }

                for (var i = 0; i < 8; i++)
                {
                    chars[(group * 8) + i] = Base32[(int)((bits >> (35 - (5 * i))) & 31)];
                }
            }

            chars[HashLength] = '-';
            var tail = chars[(HashLength + 1)..];
            for (var i = 0; i < tail.Length; i++)
            {
                var c = state.Readable[i];
                tail[i] = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' ? c : '_';
            }
        });
    }
}
