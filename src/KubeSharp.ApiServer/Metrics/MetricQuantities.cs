using System.Globalization;

namespace KubeSharp.ApiServer.Metrics;

/// <summary>
/// Usage values written as metrics-server writes them (resource.Quantity's canonical form): CPU as a
/// decimal quantity scaled from nanocores ("123456n", "5m", "1500m", "2"), memory as a binary quantity
/// of bytes ("12345Ki", or plain bytes when not a multiple of 1024).
/// </summary>
internal static class MetricQuantities
{
    // Decimal suffixes by exponent, from 10^-9 to 10^18 in steps of 3.
    private static readonly string[] DecimalSuffixes = ["n", "u", "m", string.Empty, "k", "M", "G", "T", "P", "E"];
    private static readonly string[] BinarySuffixes = [string.Empty, "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

    public static string Cpu(ulong nanoCores) => Decimal(nanoCores, -9);

    public static string Memory(ulong bytes)
    {
        // Quantity prints values below 1024 in decimal form, which never loses precision.
        if (bytes < 1024)
        {
            return Decimal(bytes, 0);
        }

        var power = 0;
        while (bytes % 1024 == 0 && power < BinarySuffixes.Length - 1)
        {
            bytes /= 1024;
            power++;
        }

        return bytes.ToString(CultureInfo.InvariantCulture) + BinarySuffixes[power];
    }

    /// <summary>value × 10^exponent with trailing zeros folded into the largest exponent that is a multiple of 3.</summary>
    private static string Decimal(ulong value, int exponent)
    {
        if (value == 0)
        {
            return "0";
        }

        while (value % 10 == 0 && exponent < 18)
        {
            value /= 10;
            exponent++;
        }

        // Back down to a multiple of 3; this never exceeds the original value, so it cannot overflow.
        while (((exponent % 3) + 3) % 3 != 0)
        {
            value *= 10;
            exponent--;
        }

        return value.ToString(CultureInfo.InvariantCulture) + DecimalSuffixes[(exponent + 9) / 3];
    }
}
