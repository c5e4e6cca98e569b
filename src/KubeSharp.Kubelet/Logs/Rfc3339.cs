using System.Text;

namespace KubeSharp.Kubelet.Logs;

/// <summary>
/// RFC 3339 times as CRI log files and log queries carry them (Go's RFC3339Nano: up to nine fraction
/// digits, <c>Z</c> or <c>±hh:mm</c>). Written by hand because .NET's parsers stop at seven fraction
/// digits; digits beyond a tick (100 ns) are dropped.
/// </summary>
internal static class Rfc3339
{
    public static bool TryParse(string text, out DateTimeOffset time) => TryParse(Encoding.UTF8.GetBytes(text), out time);

    public static bool TryParse(ReadOnlySpan<byte> text, out DateTimeOffset time)
    {
        time = default;
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':'
            || !TryDigits(text[..4], out var year) || !TryDigits(text.Slice(5, 2), out var month) || !TryDigits(text.Slice(8, 2), out var day)
            || !TryDigits(text.Slice(11, 2), out var hour) || !TryDigits(text.Slice(14, 2), out var minute) || !TryDigits(text.Slice(17, 2), out var second))
        {
            return false;
        }

        var i = 19;
        long fraction = 0;
        if (text[i] == '.')
        {
            i++;
            var first = i;
            var scale = TimeSpan.TicksPerSecond / 10;
            while (i < text.Length && char.IsAsciiDigit((char)text[i]))
            {
                fraction += (text[i] - '0') * scale;
                scale /= 10;
                i++;
            }

            if (i == first)
            {
                return false;
            }
        }

        if (!TryZone(text[i..], out var offset)
            || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month) || year < 1
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        time = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(fraction);
        return true;
    }

    private static bool TryZone(ReadOnlySpan<byte> text, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (text.Length == 1 && (text[0] == 'Z' || text[0] == 'z'))
        {
            return true;
        }

        if (text.Length != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':'
            || !TryDigits(text.Slice(1, 2), out var hours) || !TryDigits(text.Slice(4, 2), out var minutes) || hours > 14 || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (text[0] == '-')
        {
            offset = -offset;
        }

        return offset.Duration() <= TimeSpan.FromHours(14);
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var b in text)
        {
            if (!char.IsAsciiDigit((char)b))
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }
}
