using System.Net;
using System.Net.Sockets;

namespace KubeSharp.Kubelet.Prober;

/// <summary>tcpSocket probes (upstream's pkg/probe/tcp): success when a connection opens within the timeout; it is closed at once.</summary>
internal sealed class TcpProber(TimeProvider time)
{
    public async Task<ProbeResult> ProbeAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // The deadline starts before anything awaits, so it counts from the call.
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        EndPoint endPoint = IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : new DnsEndPoint(host, port);
        try
        {
            await socket.ConnectAsync(endPoint, linked.Token);
            return ProbeResult.Success(string.Empty);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Failure(DialErrors.TimedOut(host, port));
        }
        catch (SocketException error)
        {
            return ProbeResult.Failure(DialErrors.Failed(host, port, error));
        }
    }
}
