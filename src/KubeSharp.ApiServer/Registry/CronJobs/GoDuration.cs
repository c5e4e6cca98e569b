using System.Text.RegularExpressions;
using KubeSharp.ApiServer.Registry.Rules;

namespace KubeSharp.ApiServer.Registry.CronJobs;

/// <summary>Go's time.ParseDuration syntax ("1h30m", "1.5s", "300ms"), for "@every" schedules.</summary>
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

    [GeneratedRegex("(?<number>[0-9]*(\\.[0-9]*)?)(?<unit>[^0-9.]*)")]
    private static partial Regex Part();

    [GeneratedRegex("^([0-9]*(\\.[0-9]*)?[^0-9.]+)+\\z")]
    private static partial Regex Whole();
}
