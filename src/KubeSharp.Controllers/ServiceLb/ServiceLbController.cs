using System.Collections.Concurrent;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Api.Networking;
using KubeSharp.Client.Events;
using KubeSharp.Client.Informers;
using KubeSharp.Client.WorkQueue;
using KubeSharp.Controllers.Shared;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.ServiceLb;

/// <summary>
/// The service load balancer (k3s's ServiceLB, MetalLB's controller in layer-2 mode): every
/// Service of type LoadBalancer with no loadBalancerClass or <see cref="LoadBalancerClass"/> gets
/// one IPv4 address from the <c>--lb-pool</c>, shown in status.loadBalancer.ingress for the nodes
/// to answer for. An address can be asked for (<see cref="LoadBalancerIpAnnotation"/>, or the
/// deprecated spec.loadBalancerIP); otherwise the lowest free one is given. The address goes back
/// to the pool when the Service is deleted or stops being one this controller handles, and what
/// the controller wrote in its status is taken out again. Services of another class are left alone.
/// The table of who holds what is rebuilt from the statuses at start, so addresses survive restarts.
/// </summary>
public sealed partial class ServiceLbController : IController
{
    public const string ControllerName = "servicelb";

    /// <summary>spec.loadBalancerClass of the Services this controller serves (besides those with none).</summary>
    public const string LoadBalancerClass = "kubesharp.io/service-lb";

    /// <summary>Asks for a specific address from the pool.</summary>
    public const string LoadBalancerIpAnnotation = "kubesharp.io/loadbalancer-ip";

    private const string NoPoolMessage = "no load-balancer pool is configured (kubesharp server --lb-pool)";

    // After this many retries a key is dropped until its next change (upstream's maxRetries).
    private const int MaxRetries = 15;

    private readonly IKubernetes _client;
    private readonly ControllerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SharedInformer<V1Service> _services;
    private readonly RateLimitingQueue<string> _queue;

    /// <summary>Null without a pool: then Services only hear that there is none.</summary>
    private readonly IpAllocator? _allocator;

    /// <summary>The last state told as an event for each Service, so a resync repeats nothing.</summary>
    private readonly ConcurrentDictionary<string, string> _reported = new(StringComparer.Ordinal);

    /// <exception cref="ArgumentException">The load-balancer pool is not valid.</exception>
    public ServiceLbController(ControllerContext context)
    {
        _client = context.Client;
        _options = context.Options;
        _time = context.Time;
        _logger = context.Loggers.CreateLogger("servicelb-controller");
        _queue = new RateLimitingQueue<string>(MaxOfRateLimiter<string>.ControllerDefault(_time), _time);
        if (LoadBalancerPool.Parse(context.Options.LoadBalancerPool) is { } pool)
        {
            _allocator = new IpAllocator(pool, _queue.Add);
        }

        _services = context.Informers.Services;
        _services.AddEventHandler(new ServiceEvents(_queue));
    }

    public string Name => ControllerName;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _services.Synced.WaitAsync(cancellationToken);
        if (_allocator is null)
        {
            LogNoPool();
        }
        else
        {
            foreach (var (key, ip) in StartupClaims.Apply(_allocator, _services.Store.List()))
            {
                LogConflict(key, ip);
            }
        }

        await using var events = new EventRecorder(_client, "servicelb-controller", "kubesharp", _time, _logger);
        await QueueWorkers.RunAsync(
            _queue,
            Math.Max(1, _options.Workers),
            (key, ct) => SyncAsync(key, events, ct),
            (key, error) => LogSyncFailed(key, error.Message),
            cancellationToken,
            MaxRetries,
            key => LogDropped(key, MaxRetries));
    }

    /// <summary>True when the Service is done with; false when its status write met a newer version and it must be looked at again.</summary>
    private async Task<bool> SyncAsync(string key, EventRecorder events, CancellationToken cancellationToken)
    {
        var service = _services.Store.Get(key);
        if (service is null)
        {
            if (_allocator?.Release(key) is { } freed)
            {
                LogReleased(key, Ipv4Cidr.Format(freed));
            }

            _reported.TryRemove(key, out _);
            return true;
        }

        if (!LoadBalancerServices.Handles(service))
        {
            return await LetGoAsync(key, service, cancellationToken);
        }

        if (_allocator is null)
        {
            // Pending until there is a pool; a status someone else wrote stays as it is.
            if (!LoadBalancerStatuses.IngressIps(service).Any())
            {
                Report(events, service, key, "Warning", "NoPool", NoPoolMessage);
            }

            return true;
        }

        var allocation = _allocator.Allocate(key, LoadBalancerServices.RequestedIp(service), LoadBalancerStatuses.IngressIps(service));
        if (allocation.Address is not { } address)
        {
            // Nothing may show an address the Service does not hold (it may be someone else's).
            if (LoadBalancerStatuses.Ingress(service).Count > 0 && !await WriteIngressAsync(service, [], cancellationToken))
            {
                return false;
            }

            Report(events, service, key, "Warning", "AllocationFailed", allocation.Failure ?? "no address");
            return true;
        }

        var ip = Ipv4Cidr.Format(address);
        var message = $"Assigned IP {ip}";
        if (LoadBalancerStatuses.Shows(service, ip))
        {
            // Already there (kept across a restart, or written before): nothing new to tell.
            _reported[key] = State("IPAllocated", message);
            return true;
        }

        if (!await WriteIngressAsync(service, LoadBalancerStatuses.For(ip), cancellationToken))
        {
            return false;
        }

        LogAllocated(key, ip);
        Report(events, service, key, "Normal", "IPAllocated", message);
        return true;
    }

    /// <summary>
    /// A Service this controller no longer handles: the ingress it wrote is taken out, then its
    /// address freed. A Service that is no LoadBalancer any more shows no pool address at all; one
    /// of another class only loses the address this controller gave it, as the rest is not ours.
    /// </summary>
    private async Task<bool> LetGoAsync(string key, V1Service service, CancellationToken cancellationToken)
    {
        _reported.TryRemove(key, out _);
        if (_allocator is null)
        {
            return true;
        }

        var pool = _allocator.Pool;
        var held = _allocator.AddressOf(key) is { } address ? Ipv4Cidr.Format(address) : null;
        var isLoadBalancer = service.Spec?.Type == "LoadBalancer";
        var ingress = LoadBalancerStatuses.Ingress(service);
        var kept = ingress.Where(entry => !Owned(entry.Ip)).ToList();
        if (kept.Count != ingress.Count && !await WriteIngressAsync(service, kept, cancellationToken))
        {
            // Held until the status is clean, so the retry still knows which entry was ours.
            return false;
        }

        if (_allocator.Release(key) is { } freed)
        {
            LogReleased(key, Ipv4Cidr.Format(freed));
        }

        return true;

        bool Owned(string? ip) =>
            ip is not null
            && (ip == held || (!isLoadBalancer && LoadBalancerPool.TryParseAddress(ip, out var parsed) && pool.Contains(parsed)));
    }

    /// <summary>Replaces status.loadBalancer through the status subresource; false when the Service changed or went meanwhile.</summary>
    private async Task<bool> WriteIngressAsync(V1Service service, IList<V1LoadBalancerIngress> ingress, CancellationToken cancellationToken)
    {
        try
        {
            await _client.CoreV1.ReplaceNamespacedServiceStatusAsync(
                LoadBalancerStatuses.WithIngress(service, ingress),
                service.Metadata.Name,
                service.Metadata.NamespaceProperty,
                cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException error) when (ApiResponses.IsConflict(error) || ApiResponses.IsNotFound(error))
        {
            LogStale(ObjectKeys.Of(service), error.Message);
            return false;
        }
    }

    /// <summary>Records an event only when it says something other than the last one for this Service.</summary>
    private void Report(EventRecorder events, V1Service service, string key, string type, string reason, string message)
    {
        var state = State(reason, message);
        if (_reported.TryGetValue(key, out var last) && last == state)
        {
            return;
        }

        _reported[key] = state;
        events.Event(service, type, reason, message);
    }

    private static string State(string reason, string message) => reason + ": " + message;

    /// <summary>Every change may matter: type, class, the requested address, the status, a deletion.</summary>
    private sealed class ServiceEvents(RateLimitingQueue<string> queue) : IResourceEventHandler<V1Service>
    {
        public void OnAdd(V1Service item) => queue.Add(ObjectKeys.Of(item));

        public void OnUpdate(V1Service old, V1Service current) => queue.Add(ObjectKeys.Of(current));

        public void OnDelete(V1Service item) => queue.Add(ObjectKeys.Of(item));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "servicelb controller: no load-balancer pool is configured; LoadBalancer Services stay pending")]
    private partial void LogNoPool();

    [LoggerMessage(Level = LogLevel.Warning, Message = "servicelb controller: {Key} shows {Ip}, which an older Service keeps; it gets another address")]
    private partial void LogConflict(string key, string ip);

    [LoggerMessage(Level = LogLevel.Information, Message = "servicelb controller: {Key} gets {Ip}")]
    private partial void LogAllocated(string key, string ip);

    [LoggerMessage(Level = LogLevel.Information, Message = "servicelb controller: {Ip} of {Key} is free again")]
    private partial void LogReleased(string key, string ip);

    [LoggerMessage(Level = LogLevel.Debug, Message = "servicelb controller: the status of {Key} was not written ({Reason}); it will be synced again")]
    private partial void LogStale(string key, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "servicelb controller: syncing {Key} failed: {Reason}")]
    private partial void LogSyncFailed(string key, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "servicelb controller: dropping {Key} after {Retries} retries")]
    private partial void LogDropped(string key, int retries);
}
