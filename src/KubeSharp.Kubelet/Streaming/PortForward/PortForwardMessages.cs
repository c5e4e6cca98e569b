using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace KubeSharp.Kubelet.Streaming.PortForward;

/// <summary>
/// Port-forwarding's error texts, worded as upstream's streaming server and containerd word them (clients
/// print them as they are), for example <c>error forwarding port 8080 to pod default/web, uid 1f0c...:
/// failed to execute portforward in network namespace "/proc/4242/ns/net": failed to connect to
/// localhost:8080 inside namespace "5d2e...", IPv4: dial tcp4 127.0.0.1:8080: connect: connection refused
/// IPv6 dial tcp6 [::1]:8080: connect: connection refused </c>.
/// </summary>
internal static class PortForwardMessages
{
    /// <summary>What the error stream or channel carries (upstream's streaming layer around the runtime's error).</summary>
    public static string Forwarding(int port, string pod, string podUid, string error) =>
        string.Create(CultureInfo.InvariantCulture, $"error forwarding port {port} to pod {pod}, uid {podUid}: {error}");

    /// <summary>containerd's wrapping of whatever failed in the pod's network namespace ("host" for a host-network pod).</summary>
    public static string InNamespace(string networkNamespace, string error) =>
        $"failed to execute portforward in network namespace {Quote(networkNamespace)}: {error}";

    /// <summary>containerd's text when neither 127.0.0.1 nor ::1 took the connection (the trailing space is containerd's).</summary>
    public static string ConnectFailed(int port, string sandboxId, string ipv4Error, string ipv6Error) =>
        string.Create(CultureInfo.InvariantCulture, $"failed to connect to localhost:{port} inside namespace {Quote(sandboxId)}, IPv4: {ipv4Error} IPv6 {ipv6Error} ");

    /// <summary>Go's net.Dial error, e.g. <c>dial tcp4 127.0.0.1:8080: connect: connection refused</c>; <paramref name="operation"/> is <c>socket</c> or <c>connect</c>.</summary>
    public static string Dial(string network, IPEndPoint endPoint, string operation, SocketException error) =>
        $"dial {network} {endPoint}: {operation}: {Describe(error)}";

    /// <summary>One stream of a request came and its partner did not within the stream creation timeout.</summary>
    public static string TimedOut(string connection, string requestId) =>
        $"(conn={connection}, request={requestId}) timed out waiting for streams";

    /// <summary>A request sent a second stream of a type it already has.</summary>
    public static string Duplicate(string requestId, PortForwardStreamType type) =>
        $"error processing stream for request {requestId}: {(type == PortForwardStreamType.Error ? "error" : "data")} stream already assigned";

    /// <summary>A string as Go's %q writes it (the values here are paths, ids and numbers: quotes and backslashes are all that need escaping).</summary>
    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>The system's error text in Go's (lower-case strerror) words.</summary>
    private static string Describe(SocketException error) => error.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.NetworkUnreachable => "network is unreachable",
        SocketError.HostUnreachable => "no route to host",
        SocketError.AddressNotAvailable => "cannot assign requested address",
        SocketError.AddressFamilyNotSupported => "address family not supported by protocol",
        SocketError.TimedOut => "connection timed out",
        _ when error.Message.Length > 0 => char.ToLowerInvariant(error.Message[0]) + error.Message[1..],
        _ => error.SocketErrorCode.ToString(),
    };
}
