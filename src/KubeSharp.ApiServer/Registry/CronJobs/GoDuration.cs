using System.Text.RegularExpressions;
using KubeSharp.ApiServer.Registry.Rules;

namespace KubeSharp.ApiServer.Registry.CronJobs;

/// <summary>Go's time.ParseDuration syntax ("1h30m", "1.5s", "300ms"), for "@every" schedules and request timeouts.</summary>
internal static partial class GoDuration
{
    private static readonly HashSet<string> Units = new(StringComparer.Ordinal) { "ns", "us", "µs", "μs", "ms", "s", "m", "h" };

    /// <summary>Go's error for the text, or null when it is a duration.</summary>
    public static string? Error(string text)
    {
        var quoted = GoValues.Quote(text);
        var body = text.StartsWith('-') || text.StartsWith('+') ? text[1..] : text;
        if (body == "0")
        {
            return null;
        }

        if (body.Length == 0)
        {
            return $"time: invalid duration {quoted}";
        }

        foreach (Match part in Part().Matches(body))
        {
            // The pattern also matches empty text between parts; those say nothing.
            if (part.Length == 0)
            {
                continue;
            }

            if (part.Groups["number"].Value is "" or ".")
            {
                return $"time: invalid duration {quoted}";
            }

            var unit = part.Groups["unit"].Value;
            if (unit.Length == 0)
            {
                return $"time: missing unit in duration {quoted}";
            }

            if (!Units.Contains(unit))
            {
                return $"time: unknown unit {GoValues.Quote(unit)} in duration {quoted}";
            }
        }

        return Whole().IsMatch(body) ? null : $"time: invalid duration {quoted}";
    }

    /// <summary>The duration the text says (Go's syntax), or null when it is not one.</summary>
    public static TimeSpan? Parse(string text)
    {
        if (Error(text) is not null)
        {
            return null;
        }

        var negative = text.StartsWith('-');
        var body = text.StartsWith('-') || text.StartsWith('+') ? text[1..] : text;
        var ticks = 0.0;
        foreach (Match part in Part().Matches(body))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var number = double.Parse(part.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture);
            ticks += number * part.Groups["unit"].Value switch
            {
                "ns" => TimeSpan.TicksPerMillisecond / 1_000_000.0,
                "us" or "µs" or "μs" => TimeSpan.TicksPerMillisecond / 1_000.0,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                _ => TimeSpan.TicksPerHour,
            };
        }

        return TimeSpan.FromTicks((long)(negative ? -ticks : ticks));
    }

    [GeneratedRegex("(?<number>[0-9]*(\\.[0-9]*)?)(?<unit>[^0-9.]*)")]
    private static partial Regex Part();

    [GeneratedRegex("^([0-9]*(\\.[0-9]*)?[^0-9.]+)+\\z")]
    private static partial Regex Whole();
}
