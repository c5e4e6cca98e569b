using System.Globalization;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// resource.Quantity values ("500m", "1Gi", "1e3", or a bare JSON number) as decimals, for the
/// comparisons and sums validation and QoS need. Values beyond decimal's range read as unknown.
/// </summary>
internal static class Quantities
{
    public static decimal? Parse(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue<string>(out var text))
        {
            return Parse(text);
        }

        if (value.TryGetValue<decimal>(out var number))
        {
            return number;
        }

        return JsonValues.Number(value);
    }

    public static decimal? Parse(string text)
    {
        var i = 0;
        var negative = false;
        if (text.Length > 0 && text[0] is '+' or '-')
        {
            negative = text[0] == '-';
            i = 1;
        }

        var start = i;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
        {
            i++;
        }

        var digits = text[start..i];
        if (!digits.Any(char.IsAsciiDigit) || digits.Count(c => c == '.') > 1
            || !decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var mantissa)
            || Multiplier(text[i..]) is not { } multiplier)
        {
            return null;
        }

        try
        {
            return negative ? -(mantissa * multiplier) : mantissa * multiplier;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>The quantity as written, "0" when absent (as upstream's tables print a missing quantity).</summary>
    public static string Text(JsonNode? node) => node switch
    {
        null => "0",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(),
    };

    private static decimal? Multiplier(string suffix) => suffix switch
    {
        "" => 1m,
        "n" => 0.000000001m,
        "u" => 0.000001m,
        "m" => 0.001m,
        "k" => 1000m,
        "M" => 1000000m,
        "G" => 1000000000m,
        "T" => 1000000000000m,
        "P" => 1000000000000000m,
        "E" => 1000000000000000000m,
        "Ki" => 1024m,
        "Mi" => 1048576m,
        "Gi" => 1073741824m,
        "Ti" => 1099511627776m,
        "Pi" => 1125899906842624m,
        "Ei" => 1152921504606846976m,
        _ => Exponent(suffix),
    };

    /// <summary>A decimal exponent suffix: "e3", "E-2".</summary>
    private static decimal? Exponent(string suffix)
    {
        if (suffix.Length < 2 || suffix[0] is not ('e' or 'E')
            || !int.TryParse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent) || exponent is < -27 or > 27)
        {
            return null;
        }

        var result = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            result = exponent > 0 ? result * 10 : result / 10;
        }

        return result;
    }
}
