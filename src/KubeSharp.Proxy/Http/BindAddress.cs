using System.Net;

namespace KubeSharp.Proxy.Http;

/// <summary>Listen addresses written as IP:port, e.g. 0.0.0.0:10256 or [::1]:10249.</summary>
internal static class BindAddress
{
    public static bool TryParse(string? text, out IPEndPoint endpoint)
    {
        endpoint = new IPEndPoint(IPAddress.Any, 0);
        if (string.IsNullOrEmpty(text) || !IPEndPoint.TryParse(text, out var parsed))
        {
            return false;
        }

        // IPEndPoint also takes a bare address; the port must be written.
        var close = text.LastIndexOf(']');
        var colon = text.LastIndexOf(':');
        var hasPort = close >= 0 ? colon == close + 1 : colon > 0 && text.IndexOf(':', StringComparison.Ordinal) == colon;
        if (!hasPort)
        {
            return false;
        }

        endpoint = parsed;
        return true;
    }
}
