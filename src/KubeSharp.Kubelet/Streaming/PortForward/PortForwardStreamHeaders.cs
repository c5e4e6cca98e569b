using System.Globalization;

namespace KubeSharp.Kubelet.Streaming.PortForward;

/// <summary>
/// What a port-forward SPDY stream's headers say: <c>streamType</c> (error or data), <c>port</c> and
/// <c>requestID</c> (lower-case on the wire), checked as upstream's httpStreamReceived checks them.
/// </summary>
internal readonly record struct PortForwardStreamHeaders(PortForwardStreamType Type, ushort Port, string RequestId)
{
    public static bool TryParse(IReadOnlyDictionary<string, string> headers, uint streamId, out PortForwardStreamHeaders parsed, out string problem)
    {
        parsed = default;
        var portText = Find(headers, "port");
        if (string.IsNullOrEmpty(portText))
        {
            problem = "\"port\" header is required";
            return false;
        }

        if (!PortNumbers.TryParse(portText, out var port, out var error))
        {
            problem = $"unable to parse {PortForwardMessages.Quote(portText)} as a port: {error}";
            return false;
        }

        if (port < 1)
        {
            problem = $"port {PortForwardMessages.Quote(portText)} must be > 0";
            return false;
        }

        var typeText = Find(headers, "streamtype");
        if (string.IsNullOrEmpty(typeText))
        {
            problem = "\"streamType\" header is required";
            return false;
        }

        PortForwardStreamType type;
        switch (typeText)
        {
            case "error":
                type = PortForwardStreamType.Error;
                break;
            case "data":
                type = PortForwardStreamType.Data;
                break;
            default:
                problem = $"invalid stream type {PortForwardMessages.Quote(typeText)}";
                return false;
        }

        var requestId = Find(headers, "requestid");
        if (string.IsNullOrEmpty(requestId))
        {
            // Clients older than request ids open a request's error and data streams back to back, so
            // their ids are n and n + 2 (upstream's best-effort pairing for them).
            var id = type == PortForwardStreamType.Error ? (long)streamId : (long)streamId - 2;
            requestId = id.ToString(CultureInfo.InvariantCulture);
        }

        parsed = new PortForwardStreamHeaders(type, port, requestId);
        problem = string.Empty;
        return true;
    }

    /// <summary>SPDY sends header names in lower case; any other case is taken too.</summary>
    private static string? Find(IReadOnlyDictionary<string, string> headers, string name)
    {
        if (headers.TryGetValue(name, out var value))
        {
            return value;
        }

        foreach (var (key, other) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return other;
            }
        }

        return null;
    }
}
