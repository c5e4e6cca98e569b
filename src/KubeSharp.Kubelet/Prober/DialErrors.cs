using System.Globalization;
using System.Net.Sockets;

namespace KubeSharp.Kubelet.Prober;

/// <summary>Connection failures worded as Go's net.Dial words them, which is what upstream's probe messages show.</summary>
internal static class DialErrors
{
    /// <summary>host:port as net.JoinHostPort writes it, an IPv6 address in brackets.</summary>
    public static string Address(string host, int port) => host.Contains(':')
        ? string.Create(CultureInfo.InvariantCulture, $"[{host}]:{port}")
        : string.Create(CultureInfo.InvariantCulture, $"{host}:{port}");

    /// <summary>For example <c>dial tcp 10.42.0.5:8080: connect: connection refused</c>.</summary>
    public static string Failed(string host, int port, SocketException error) => error.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => $"dial tcp {Address(host, port)}: connect: connection refused",
        SocketError.HostUnreachable => $"dial tcp {Address(host, port)}: connect: no route to host",
        SocketError.NetworkUnreachable => $"dial tcp {Address(host, port)}: connect: network is unreachable",
        SocketError.TimedOut => $"dial tcp {Address(host, port)}: connect: connection timed out",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"dial tcp: lookup {host}: no such host",
        _ => $"dial tcp {Address(host, port)}: connect: {error.Message}",
    };

    /// <summary>The probe's own timeout ran out while connecting.</summary>
    public static string TimedOut(string host, int port) => $"dial tcp {Address(host, port)}: i/o timeout";
}
