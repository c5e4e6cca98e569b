using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using k8s.Models;

namespace KubeSharp.Controllers.Deployment;

/// <summary>
/// The pod-template-hash label and ReplicaSet name suffix (controller.ComputeHash): FNV-32a over the
/// template, then over collisionCount, printed in decimal and encoded with rand.SafeEncodeString.
/// Upstream hashes Go's %#v printing of the template; this hashes its canonical JSON, so names
/// differ from upstream's but are as stable, and change whenever the template does.
/// </summary>
internal static class PodTemplateHash
{
    public const string Label = "pod-template-hash";

    /// <summary>rand.SafeEncodeString's alphabet: no vowels (no words) and no 0, 1, 3 (look like letters).</summary>
    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";
    private const uint FnvOffsetBasis = 2166136261;
    private const uint FnvPrime = 16777619;

    public static string Compute(V1PodTemplateSpec? template, int? collisionCount)
    {
        var hash = Fnv32a(Encoding.UTF8.GetBytes(PodTemplates.CanonicalJson(template)));
        if (collisionCount is { } count)
        {
            // As upstream: 8 bytes, the count little-endian, then zeros.
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, unchecked((uint)count));
            hash = Fnv32a(bytes, hash);
        }

        return SafeEncodeString(hash.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>FNV-1a, 32 bits, continuing from <paramref name="hash"/>.</summary>
    public static uint Fnv32a(ReadOnlySpan<byte> data, uint hash = FnvOffsetBasis)
    {
        foreach (var b in data)
        {
            hash = unchecked((hash ^ b) * FnvPrime);
        }

        return hash;
    }

    /// <summary>rand.SafeEncodeString: each character mapped into the safe alphabet by its code.</summary>
    public static string SafeEncodeString(string text) =>
        string.Create(text.Length, text, static (chars, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                chars[i] = SafeAlphabet[source[i] % SafeAlphabet.Length];
            }
        });
}
