using System.Net;
using System.Net.Sockets;
using k8s;
using k8s.Models;
using KubeSharp.Client.Informers;
using KubeSharp.Dns.Forwarding;
using KubeSharp.Dns.Records;
using KubeSharp.Dns.Server;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Dns;

/// <summary>
/// The cluster DNS server (what CoreDNS with the kubernetes plugin is to a cluster): answers the
/// names of the Kubernetes DNS specification for the cluster domain over UDP and TCP on each listen
/// address, from a snapshot of Services, EndpointSlices and namespaces that informers keep current.
/// Names outside the zone are forwarded to the upstreams, or REFUSED without any.
/// </summary>
public sealed partial class ClusterDns : IAsyncDisposable
{
    /// <summary>The kernel's receive queue per UDP socket, so bursts wait rather than drop.</summary>
    private const int UdpReceiveBuffer = 4 << 20;

    /// <summary>Listening sockets for port 0 may find the UDP port taken for TCP; another is tried this often.</summary>
    private const int BindAttempts = 10;

    private const int TcpBacklog = 512;

    private readonly DnsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ISnapshotSource _snapshots;
    private readonly SharedInformerFactory? _informers;
    private readonly SnapshotPublisher? _publisher;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _lifetime = new();
    private IReadOnlyList<IPEndPoint> _bound = [];
    private Task _running = Task.CompletedTask;
    private int _disposed;

    /// <summary>A server whose zone comes from its own informers on Services, EndpointSlices and Namespaces.</summary>
    public ClusterDns(IKubernetes client, DnsOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        options.Validate();
        _options = options;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger("cluster-dns");
        _informers = new SharedInformerFactory(client, time, loggers);
        _publisher = Subscribe(_informers, options, time, _logger);
        _snapshots = _publisher;
    }

    /// <summary>A server over snapshots from elsewhere (tests, benchmarks): no informers, ready once bound.</summary>
    internal ClusterDns(ISnapshotSource snapshots, DnsOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        options.Validate();
        _options = options;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger("cluster-dns");
        _snapshots = snapshots;
    }

    /// <summary>Completes once the informers have synced and every listen address is bound; faults if binding fails.</summary>
    public Task Ready => _ready.Task;

    /// <summary>The addresses served, with the ports bound (for listen addresses with port 0); empty until bound.</summary>
    public IReadOnlyList<IPEndPoint> BoundEndpoints => Volatile.Read(ref _bound);

    /// <summary>Syncs the informers, binds, and serves until cancelled (or disposed).</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        _running = RunCoreAsync(cancellationToken);
        return _running;
    }

    /// <summary>Stops a server still running and waits for it; how it ended is told by the task RunAsync returned.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _lifetime.CancelAsync();
        await _running.ContinueWith(_ => { }, TaskScheduler.Default);
        _publisher?.Dispose();
        _lifetime.Dispose();
    }

    /// <summary>A publisher of snapshots built from the informers' stores, told of every change.</summary>
    private static SnapshotPublisher Subscribe(SharedInformerFactory informers, DnsOptions options, TimeProvider time, ILogger logger)
    {
        var services = informers.Services;
        var slices = informers.EndpointSlices;
        var namespaces = informers.Namespaces;
        var publisher = new SnapshotPublisher(
            serial => ZoneSnapshotBuilder.Build(
                options,
                services.Store.List(),
                slices.Store.List(),
                namespaces.Store.List().Select(ns => ns.Metadata?.Name).OfType<string>(),
                serial),
            ZoneSnapshotBuilder.Build(options, [], [], [], 0),
            time,
            logger);
        services.AddEventHandler(new SnapshotTrigger<V1Service>(publisher));
        slices.AddEventHandler(new SnapshotTrigger<V1EndpointSlice>(publisher));
        namespaces.AddEventHandler(new SnapshotTrigger<V1Namespace>(publisher));
        return publisher;
    }

    private async Task RunCoreAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        var token = stop.Token;
        var informers = Task.CompletedTask;
        var sockets = new List<Socket>();
        try
        {
            if (_informers is not null && _publisher is not null)
            {
                informers = _informers.RunAsync(token);
                await _informers.WaitForSyncAsync(token);

                // Serve a complete zone from the first query on: names missing only because the
                // informers had not listed yet would be NXDOMAIN, and cached as such.
                _publisher.Publish();
            }

            var listeners = Bind(sockets);
            var forwarder = _options.Upstreams.Count > 0 ? new Forwarder(_options.Upstreams, _time, _loggers.CreateLogger("cluster-dns.forward")) : null;
            var handler = new QueryHandler(_snapshots, forwarder is not null);
            var loops = Math.Max(2, Environment.ProcessorCount * 2);
            var servers = new List<Task>();
            foreach (var (udp, tcp) in listeners)
            {
                servers.Add(new UdpServer(udp, handler, forwarder, _logger).RunAsync(loops, token));
                servers.Add(new TcpServer(tcp, handler, forwarder, _time, _logger).RunAsync(token));
            }

            LogServing(_options.Zone, string.Join(", ", BoundEndpoints));
            _ready.TrySetResult();
            await Task.WhenAll(servers);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopped.
        }
        catch (Exception error)
        {
            _ready.TrySetException(error);
            throw;
        }
        finally
        {
            _ready.TrySetCanceled(CancellationToken.None);
            await stop.CancelAsync();
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }

            await informers.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>A UDP and a TCP socket on the same port for every listen address.</summary>
    private List<(Socket Udp, Socket Tcp)> Bind(List<Socket> sockets)
    {
        var listeners = new List<(Socket Udp, Socket Tcp)>();
        var bound = new List<IPEndPoint>();
        foreach (var endpoint in _options.Listen)
        {
            for (var attempt = 1; ; attempt++)
            {
                var udp = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                sockets.Add(udp);
                udp.ReceiveBufferSize = UdpReceiveBuffer;
                udp.Bind(endpoint);
                var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
                var tcp = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(tcp);
                tcp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                try
                {
                    tcp.Bind(new IPEndPoint(endpoint.Address, port));
                }
                catch (SocketException error) when (endpoint.Port == 0 && attempt < BindAttempts && error.SocketErrorCode == SocketError.AddressAlreadyInUse)
                {
                    udp.Dispose();
                    tcp.Dispose();
                    continue;
                }

                tcp.Listen(TcpBacklog);
                listeners.Add((udp, tcp));
                bound.Add(new IPEndPoint(endpoint.Address, port));
                break;
            }
        }

        Volatile.Write(ref _bound, bound);
        return listeners;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "cluster DNS: serving {Zone} on {Endpoints} (UDP and TCP)")]
    private partial void LogServing(string zone, string endpoints);
}
