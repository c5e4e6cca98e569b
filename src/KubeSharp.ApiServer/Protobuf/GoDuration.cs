using System.Globalization;
using System.Text;

namespace KubeSharp.ApiServer.Protobuf;

/// <summary>Go's time.Duration.String(), which is how metav1.Duration appears in JSON: "1h0m0s", "1.5s", "300ms".</summary>
internal static class GoDuration
{
    private const ulong Microsecond = 1_000;
    private const ulong Millisecond = 1_000_000;
    private const ulong Second = 1_000_000_000;

    public static string Format(long nanoseconds)
    {
        if (nanoseconds == 0)
        {
            return "0s";
        }

        // long.MinValue has no positive counterpart in long, but does in ulong.
        var magnitude = nanoseconds < 0 ? unchecked(0UL - (ulong)nanoseconds) : (ulong)nanoseconds;
        var text = new StringBuilder();
        if (nanoseconds < 0)
        {
            text.Append('-');
        }

        if (magnitude < Second)
        {
            // Under a second Go switches to the largest unit below it, with a fraction: "1.2ms" (micro is U+00B5).
            var (unit, suffix, digits) = magnitude switch
            {
                < Microsecond => (1UL, "ns", 0),
                < Millisecond => (Microsecond, "\u00B5s", 3),
                _ => (Millisecond, "ms", 6),
            };
            AppendNumber(text, magnitude / unit, magnitude % unit, digits);
            return text.Append(suffix).ToString();
        }

        var seconds = magnitude / Second;
        var hours = seconds / 3600;
        if (hours > 0)
        {
            text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        // Minutes are written whenever hours are, even when zero: "1h0m0s".
        if (seconds >= 60)
        {
            text.Append((seconds / 60 % 60).ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        AppendNumber(text, seconds % 60, magnitude % Second, 9);
        return text.Append('s').ToString();
    }

    /// <summary>Writes whole.fraction, the fraction as <paramref name="digits"/> digits without trailing zeros (and no point when it is zero).</summary>
    private static void AppendNumber(StringBuilder text, ulong whole, ulong fraction, int digits)
    {
        text.Append(whole.ToString(CultureInfo.InvariantCulture));
        if (fraction == 0)
        {
            return;
        }

        var padded = fraction.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
        text.Append('.').Append(padded.TrimEnd('0'));
    }
}
