namespace KubeSharp.Kubelet.Streaming.RemoteCommand;

/// <summary>
/// The exec/attach stream protocols as upstream names them, and how a session picks one. Over
/// WebSocket the kubelet serves upstream's channel protocols (its own kubelet's, plus v5 with the close
/// signal that upstream's API server serves); over SPDY the versions of upstream's CRI streaming
/// server, which is what containerd runs: kubectl 1.32 also offers v5 there, but client-go treats v5
/// over SPDY exactly as v4.
/// </summary>
internal static class RemoteCommandProtocols
{
    /// <summary>The first version: binary channels over WebSocket, and a plain-text error stream.</summary>
    public const string V1 = "channel.k8s.io";

    /// <summary>SPDY only: fixes v1's stream handling.</summary>
    public const string V2 = "v2.channel.k8s.io";

    /// <summary>SPDY only: adds terminal resizing.</summary>
    public const string V3 = "v3.channel.k8s.io";

    /// <summary>Adds exit codes: the error stream carries a JSON Status.</summary>
    public const string V4 = "v4.channel.k8s.io";

    /// <summary>WebSocket: adds the close signal (255, channel) for a half-closed stdin.</summary>
    public const string V5 = "v5.channel.k8s.io";

    /// <summary>WebSocket v1 in text messages: the channel as a digit, then the data in base64.</summary>
    public const string Base64V1 = "base64.channel.k8s.io";

    /// <summary>WebSocket v4 in text messages.</summary>
    public const string Base64V4 = "v4.base64.channel.k8s.io";

    /// <summary>The SPDY request header with the versions the client offers, and the response header with the chosen one.</summary>
    public const string VersionHeader = "X-Stream-Protocol-Version";

    /// <summary>The response header listing the server's versions when none of the client's fits.</summary>
    public const string AcceptedVersionsHeader = "X-Accepted-Stream-Protocol-Versions";

    /// <summary>The Upgrade token of a SPDY connection.</summary>
    public const string SpdyUpgrade = "SPDY/3.1";

    private static readonly string[] WebSocketProtocols = [V5, V4, Base64V4, V1, Base64V1];

    private static readonly string[] SpdyProtocols = [V4, V3, V2, V1];

    /// <summary>The WebSocket subprotocols served.</summary>
    public static IReadOnlyList<string> WebSocket => WebSocketProtocols;

    /// <summary>The SPDY stream protocol versions served.</summary>
    public static IReadOnlyList<string> Spdy => SpdyProtocols;

    /// <summary>
    /// Upstream's WebSocket handshake: the first subprotocol the client offers that is served. A client
    /// that offers none gets the unnamed protocol (the empty string: binary channels, plain-text
    /// errors); null when none of the offered ones is served.
    /// </summary>
    public static string? NegotiateWebSocket(IEnumerable<string> offered)
    {
        var any = false;
        foreach (var protocol in offered)
        {
            if (WebSocketProtocols.Contains(protocol, StringComparer.Ordinal))
            {
                return protocol;
            }

            any = true;
        }

        return any ? null : string.Empty;
    }

    /// <summary>Upstream's SPDY handshake: the first version the client offers that is served; null when none is.</summary>
    public static string? NegotiateSpdy(IEnumerable<string> offered) =>
        offered.FirstOrDefault(p => SpdyProtocols.Contains(p, StringComparer.Ordinal));

    /// <summary>The offered versions from the values of the version header: each may list several, separated by commas.</summary>
    public static IReadOnlyList<string> SplitOffered(IEnumerable<string?> headerValues) =>
        [.. headerValues
            .SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))];

    /// <summary>Whether the error stream carries a JSON Status (v4 and later) rather than the error's text.</summary>
    public static bool HasJsonStatus(string protocol) => protocol is V4 or V5 or Base64V4;

    /// <summary>Whether a SPDY client opens a resize stream for a terminal (v3 and later).</summary>
    public static bool SupportsResize(string protocol) => protocol is V3 or V4 or V5;

    /// <summary>A list as Go's %v prints a []string: <c>[a b c]</c>.</summary>
    public static string GoList(IEnumerable<string> items) => $"[{string.Join(' ', items)}]";
}
