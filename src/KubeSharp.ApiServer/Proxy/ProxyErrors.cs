using System.Net.Sockets;
using System.Security.Authentication;
using KubeSharp.Api.Errors;

namespace KubeSharp.ApiServer.Proxy;

/// <summary>
/// Failures to reach a proxy backend as upstream words them (Go's dial errors): 503 "error trying to
/// reach service: dial tcp 10.42.0.5:80: connect: connection refused", and "error dialing backend:
/// ..." on the upgrade path.
/// </summary>
internal static class ProxyErrors
{
    public static ApiException Unreachable(ProxyTarget target, Exception error) =>
        ApiErrors.ServiceUnavailable($"error trying to reach service: {Dial(target, error)}");

    public static ApiException DialFailed(ProxyTarget target, Exception error) =>
        ApiErrors.ServiceUnavailable($"error dialing backend: {Dial(target, error)}");

    /// <summary>Whether the exception is one of the ways a connection to a backend fails.</summary>
    public static bool IsConnectionFailure(Exception error) =>
        error is HttpRequestException or SocketException or IOException or AuthenticationException or TimeoutException;

    private static string Dial(ProxyTarget target, Exception error) => $"dial tcp {target.Authority}: {Describe(error)}";

    private static string Describe(Exception error) => error switch
    {
        SocketException socket => "connect: " + (socket.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.HostUnreachable => "no route to host",
            SocketError.NetworkUnreachable => "network is unreachable",
            SocketError.TimedOut => "connection timed out",
            _ => socket.Message,
        }),
        OperationCanceledException or TimeoutException => "i/o timeout",
        { InnerException: { } inner } when error is HttpRequestException or IOException or AuthenticationException => Describe(inner),
        _ => error.Message,
    };
}
