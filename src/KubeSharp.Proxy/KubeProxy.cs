using System.Net;
using System.Net.Sockets;
using k8s;
using KubeSharp.Client.Informers;
using KubeSharp.Proxy.Health;
using KubeSharp.Proxy.Http;
using KubeSharp.Proxy.Informers;
using KubeSharp.Proxy.LoadBalancer;
using KubeSharp.Proxy.Sync;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Proxy;

/// <summary>
/// kube-proxy for one node in upstream's nftables mode: informers on Services and EndpointSlices
/// feed the <see cref="Proxier"/>, whose syncs are coalesced by a <see cref="SyncRunner"/>; after
/// each sync the health check node ports and the load balancer addresses follow. It serves
/// /healthz, /livez and /metrics, and on the way out removes its table, its addresses and its
/// listeners.
/// </summary>
public sealed partial class KubeProxy
{
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(10);

    private readonly IKubernetes _client;
    private readonly ProxyOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly Proxier _proxier;
    private readonly SyncRunner _runner;
    private readonly ServiceHealthServer _serviceHealth;
    private readonly LoadBalancerAddresses? _loadBalancerAddresses;

    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public KubeProxy(IKubernetes client, ProxyOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        options.Validate();
        _client = client;
        _options = options;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger("kube-proxy");
        _proxier = new Proxier(options, new NftRunner(options.NftPath), time, _logger);
        _runner = new SyncRunner(SyncOnceAsync, options.MinSyncPeriod, options.SyncPeriod, time);
        _serviceHealth = new ServiceHealthServer(IPAddress.Any, () => _proxier.Health.IsHealthy, time, _logger);
        if (options.LoadBalancerInterface is { } name)
        {
            _loadBalancerAddresses = new LoadBalancerAddresses(name, new IpRunner(options.IpPath), _logger);
        }
    }

    /// <summary>Raised after every sync that ran nft.</summary>
    public event Action<SyncResult>? Synced;

    /// <summary>Runs until cancelled, then removes the table, the load balancer addresses and the listeners.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var informers = new SharedInformerFactory(_client, _time, _loggers);
        informers.Services.AddEventHandler(new ServiceEvents(_proxier, _runner.Request));
        informers.EndpointSlices.AddEventHandler(new EndpointSliceEvents(_proxier, _runner.Request));
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var informing = informers.RunAsync(stopping.Token);
        var healthz = Serve(_options.HealthzBindAddress, "healthz", HealthzReply);
        var metrics = Serve(_options.MetricsBindAddress, "metrics", MetricsReply);
        try
        {
            // As upstream, no rules until both caches hold the whole picture.
            await informers.WaitForSyncAsync(cancellationToken);
            LogStarted(_options.NodeName, _options.TableName, _options.Mode == LoadBalancingMode.Random ? "random" : "round-robin");
            _runner.Start();
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await _runner.DisposeAsync();
            await CleanUpAsync();
            if (healthz is not null)
            {
                await healthz.DisposeAsync();
            }

            if (metrics is not null)
            {
                await metrics.DisposeAsync();
            }

            await stopping.CancelAsync();
            await informing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<bool> SyncOnceAsync(CancellationToken cancellationToken)
    {
        SyncResult? result;
        try
        {
            result = await _proxier.SyncAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            // The proxier logged it; the runner retries with a full rebuild.
            return false;
        }

        await _serviceHealth.SyncAsync(_proxier.HealthCheckTargets());
        if (_loadBalancerAddresses is not null)
        {
            await _loadBalancerAddresses.SyncAsync(_proxier.LoadBalancerIps(), cancellationToken);
        }

        if (result is not null)
        {
            Synced?.Invoke(result);
        }

        return true;
    }

    private async Task CleanUpAsync()
    {
        using var timeout = new CancellationTokenSource(CleanupTimeout, _time);
        try
        {
            await _proxier.DeleteTableAsync(timeout.Token);
        }
        catch (Exception error) when (error is InvalidOperationException or OperationCanceledException)
        {
            LogCleanupFailed($"table ip {_options.TableName}", error.Message);
        }

        if (_loadBalancerAddresses is not null)
        {
            try
            {
                await _loadBalancerAddresses.ClearAsync(timeout.Token);
            }
            catch (OperationCanceledException error)
            {
                LogCleanupFailed("load balancer addresses", error.Message);
            }
        }

        await _serviceHealth.DisposeAsync();
    }

    private HttpResponder? Serve(string? address, string what, Func<string, string, HttpReply> handler)
    {
        if (address is null || !BindAddress.TryParse(address, out var endpoint))
        {
            return null;
        }

        try
        {
            return HttpResponder.Start(endpoint, handler, _time, _logger);
        }
        catch (SocketException error)
        {
            LogServeFailed(what, address, error.Message);
            return null;
        }
    }

    private HttpReply HealthzReply(string _, string path)
    {
        if (path is not ("/healthz" or "/livez"))
        {
            return HttpReply.NotFound();
        }

        var livez = path == "/livez";
        var reply = _proxier.Health.Reply(livez);
        _proxier.Metrics.HealthServed(livez, reply.Status == 200);
        return reply;
    }

    private HttpReply MetricsReply(string _, string path) =>
        path == "/metrics" ? new HttpReply(200, "text/plain; version=0.0.4; charset=utf-8", _proxier.Metrics.Render()) : HttpReply.NotFound();

    [LoggerMessage(Level = LogLevel.Information, Message = "kube-proxy: node {Node}, table ip {Table}, {Mode} load balancing; caches synced, syncing rules")]
    private partial void LogStarted(string node, string table, string mode);

    [LoggerMessage(Level = LogLevel.Error, Message = "kube-proxy: cannot serve {What} on {Address}: {Reason}")]
    private partial void LogServeFailed(string what, string address, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "kube-proxy: removing the {What} on shutdown failed: {Reason}")]
    private partial void LogCleanupFailed(string what, string reason);
}
