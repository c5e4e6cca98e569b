using System.Globalization;

namespace KubeSharp.Kubelet.Streaming.PortForward;

/// <summary>Port numbers read as upstream reads them (Go's strconv.ParseUint with base 10 and 16 bits), with its error texts.</summary>
internal static class PortNumbers
{
    /// <summary>The number, or an error such as <c>strconv.ParseUint: parsing "x": invalid syntax</c>. 0 parses: callers refuse it with their own words.</summary>
    public static bool TryParse(string text, out ushort port, out string error)
    {
        port = 0;
        if (text.Length == 0 || !text.All(char.IsAsciiDigit))
        {
            error = $"strconv.ParseUint: parsing {PortForwardMessages.Quote(text)}: invalid syntax";
            return false;
        }

        if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > ushort.MaxValue)
        {
            error = $"strconv.ParseUint: parsing {PortForwardMessages.Quote(text)}: value out of range";
            return false;
        }

        port = (ushort)number;
        error = string.Empty;
        return true;
    }
}
