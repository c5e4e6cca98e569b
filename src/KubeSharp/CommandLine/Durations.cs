using System.Globalization;
using System.Text.RegularExpressions;

namespace KubeSharp.CommandLine;

/// <summary>Go-style durations as Kubernetes flags take them: 1h, 30m, 1h30m, 10s, 500ms.</summary>
internal static partial class Durations
{
    public static TimeSpan Parse(string flag, string text)
    {
        var matches = Part().Matches(text);
        if (text.Length == 0 || string.Concat(matches.Select(m => m.Value)) != text)
        {
            throw new UsageException($"{flag}: \"{text}\" is not a duration (e.g. 1h, 30m, 10s)");
        }

        var total = TimeSpan.Zero;
        foreach (Match match in matches)
        {
            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            total += match.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                "s" => TimeSpan.FromSeconds(value),
                _ => TimeSpan.FromMilliseconds(value),
            };
        }

        return total > TimeSpan.Zero ? total : throw new UsageException($"{flag}: must be positive");
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|h|m|s)")]
    private static partial Regex Part();
}
