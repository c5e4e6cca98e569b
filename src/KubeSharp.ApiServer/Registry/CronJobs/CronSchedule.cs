using System.Globalization;
using System.Text.RegularExpressions;
using KubeSharp.ApiServer.Registry.Rules;

namespace KubeSharp.ApiServer.Registry.CronJobs;

/// <summary>
/// The check of robfig/cron/v3's ParseStandard, which upstream validates CronJob schedules with:
/// five fields (minute, hour, day of month, month, day of week) of lists, ranges and steps, or a
/// descriptor (@hourly, @every 1h30m...). Errors are worded as robfig's.
/// </summary>
internal static partial class CronSchedule
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] Days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    private static readonly (long Min, long Max, string[]? Names, long NamesFrom)[] Fields =
    [
        (0, 59, null, 0),
        (0, 23, null, 0),
        (1, 31, null, 0),
        (1, 12, Months, 1),
        (0, 6, Days, 0),
    ];

    private static readonly HashSet<string> Descriptors = new(StringComparer.Ordinal) { "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly" };

    /// <summary>Why the schedule does not parse, or null when it does.</summary>
    public static string? Error(string spec)
    {
        if (spec.Length == 0)
        {
            return "empty spec string";
        }

        if (spec.StartsWith("TZ=", StringComparison.Ordinal) || spec.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = spec.IndexOf(' ', StringComparison.Ordinal);
            var zone = space < 0 ? spec[(spec.IndexOf('=', StringComparison.Ordinal) + 1)..] : spec[(spec.IndexOf('=', StringComparison.Ordinal) + 1)..space];
            if (!IsKnownTimeZone(zone))
            {
                return $"provided bad location {zone}: unknown time zone {zone}";
            }

            spec = space < 0 ? string.Empty : spec[space..].Trim();
        }

        if (spec.StartsWith('@'))
        {
            return Descriptor(spec);
        }

        var fields = spec.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != Fields.Length)
        {
            return $"expected exactly {Fields.Length} fields, found {fields.Length}: [{string.Join(" ", fields)}]";
        }

        for (var i = 0; i < fields.Length; i++)
        {
            foreach (var range in fields[i].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (ParseRange(range, Fields[i]) is { } problem)
                {
                    return problem;
                }
            }
        }

        return null;
    }

    /// <summary>Whether Go's time.LoadLocation knows the zone ("UTC" and "Local" always; else the system's tz database, when it has one).</summary>
    public static bool IsKnownTimeZone(string name) =>
        name is "UTC" or "Local"
        || (IsWellFormedTimeZone(name) && (TimeZoneInfo.TryFindSystemTimeZoneById(name, out _) || TimeZoneInfo.GetSystemTimeZones().Count == 0));

    /// <summary>
    /// IANA's naming rules as upstream checks them: '/'-separated parts of at most 14 letters,
    /// digits, '.', '-', '_' or '+', none "." or ".." or starting with '-' (which also keeps the
    /// lookup inside the tz database).
    /// </summary>
    public static bool IsWellFormedTimeZone(string name) =>
        name.Split('/').All(part => part is not ("." or "..") && !part.StartsWith('-') && TimeZonePart().IsMatch(part));

    /// <summary>getRange: number or name, "*" or "?", a-b, with an optional /step.</summary>
    private static string? ParseRange(string expression, (long Min, long Max, string[]? Names, long NamesFrom) bounds)
    {
        var rangeAndStep = expression.Split('/');
        var lowAndHigh = rangeAndStep[0].Split('-');
        long start, end;
        if (lowAndHigh[0] is "*" or "?")
        {
            (start, end) = (bounds.Min, bounds.Max);
        }
        else
        {
            if (NumberOrName(lowAndHigh[0], bounds, out start) is { } startProblem)
            {
                return startProblem;
            }

            switch (lowAndHigh.Length)
            {
                case 1:
                    end = start;
                    break;
                case 2:
                    if (NumberOrName(lowAndHigh[1], bounds, out end) is { } endProblem)
                    {
                        return endProblem;
                    }

                    break;
                default:
                    return $"too many hyphens: {expression}";
            }
        }

        var step = 1L;
        switch (rangeAndStep.Length)
        {
            case 1:
                break;
            case 2:
                if (Number(rangeAndStep[1], out step) is { } stepProblem)
                {
                    return stepProblem;
                }

                // "N/step" means "N-max/step".
                if (lowAndHigh.Length == 1)
                {
                    end = bounds.Max;
                }

                break;
            default:
                return $"too many slashes: {expression}";
        }

        if (start < bounds.Min)
        {
            return $"beginning of range ({start}) below minimum ({bounds.Min}): {expression}";
        }

        if (end > bounds.Max)
        {
            return $"end of range ({end}) above maximum ({bounds.Max}): {expression}";
        }

        if (start > end)
        {
            return $"beginning of range ({start}) beyond end of range ({end}): {expression}";
        }

        return step == 0 ? $"step of range should be a positive number: {expression}" : null;
    }

    private static string? NumberOrName(string text, (long Min, long Max, string[]? Names, long NamesFrom) bounds, out long value)
    {
        var index = bounds.Names is null ? -1 : Array.IndexOf(bounds.Names, text.ToLowerInvariant());
        if (index >= 0)
        {
            value = bounds.NamesFrom + index;
            return null;
        }

        return Number(text, out value);
    }

    /// <summary>mustParseInt: strconv.Atoi, and no negative numbers.</summary>
    private static string? Number(string text, out long value)
    {
        value = 0;
        if (!Integer().IsMatch(text))
        {
            return $"failed to parse int from {text}: strconv.Atoi: parsing {GoValues.Quote(text)}: invalid syntax";
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return $"failed to parse int from {text}: strconv.Atoi: parsing {GoValues.Quote(text)}: value out of range";
        }

        return value < 0 ? $"negative number ({value}) not allowed: {text}" : null;
    }

    private static string? Descriptor(string spec)
    {
        if (Descriptors.Contains(spec))
        {
            return null;
        }

        const string Every = "@every ";
        if (spec.StartsWith(Every, StringComparison.Ordinal))
        {
            return GoDuration.Error(spec[Every.Length..]) is { } problem ? $"failed to parse duration {spec}: {problem}" : null;
        }

        return $"unrecognized descriptor: {spec}";
    }

    [GeneratedRegex("^[+-]?[0-9]+\\z")]
    private static partial Regex Integer();

    [GeneratedRegex("^[A-Za-z\\.\\-_0-9+]{1,14}\\z")]
    private static partial Regex TimeZonePart();
}
