using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client.Events;
using KubeSharp.Client.Informers;
using KubeSharp.Client.WorkQueue;
using KubeSharp.Controllers.Shared;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.Endpoint;

/// <summary>
/// upstream's endpoint controller: every Service with a selector has an Endpoints object of the same
/// name listing the selected pods' addresses (ready and not ready) on the Service's target ports,
/// labelled like the Service. It is written only when it would change, and deleted when the Service
/// goes. Services without a selector are left to whoever writes their Endpoints (the API server
/// writes default/kubernetes).
/// </summary>
public sealed partial class EndpointController : IController
{
    public const string ControllerName = "endpoint";

    // After this many retries a key is dropped until its next change (upstream's maxRetries).
    private const int MaxRetries = 15;

    // Endpoints used as leader-election locks have no Service and must survive the start-up sweep.
    private const string LeaderElectionAnnotation = "control-plane.alpha.kubernetes.io/leader";

    private readonly ControllerContext _context;
    private readonly IKubernetes _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SharedInformer<V1Service> _services;
    private readonly SharedInformer<V1Pod> _pods;
    private readonly SharedInformer<V1Endpoints> _endpoints;
    private readonly RateLimitingQueue<string> _queue;
    private readonly TriggerTimeTracker _triggerTimes = new();
    private readonly StaleEndpointsTracker _staleEndpoints = new();

    public EndpointController(ControllerContext context)
    {
        _context = context;
        _client = context.Client;
        _time = context.Time;
        _logger = context.Loggers.CreateLogger("endpoint-controller");
        _queue = new RateLimitingQueue<string>(MaxOfRateLimiter<string>.ControllerDefault(_time), _time);
        _services = context.Informers.Services;
        _pods = context.Informers.Pods;
        _endpoints = context.Informers.Endpoints;
        _services.AddEventHandler(new ServiceEvents(_queue));
        _pods.AddEventHandler(new PodEvents(_queue, _services.Store));
        _endpoints.AddEventHandler(new EndpointsEvents(_queue));
    }

    public string Name => ControllerName;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _context.Informers.WaitForSyncAsync(cancellationToken);
        await using var events = new EventRecorder(_client, "endpoint-controller", "kubesharp", _time, _logger);
        EnqueueLeftoverEndpoints();
        var workers = Math.Max(1, _context.Options.Workers);
        await QueueWorkers.RunAsync(
            _queue,
            workers,
            async (key, ct) =>
            {
                if (await SyncAsync(key, events, ct) is not { } wait)
                {
                    return true;
                }

                LogWaiting(key, wait);
                return false;
            },
            (key, error) => LogSyncFailed(key, error.Message),
            cancellationToken,
            MaxRetries,
            key => LogDropped(key, MaxRetries));
    }

    /// <summary>
    /// checkLeftoverEndpoints: every Endpoints is looked at once on start, so one whose Service was
    /// deleted while the controller was down is deleted too.
    /// </summary>
    private void EnqueueLeftoverEndpoints()
    {
        foreach (var endpoints in _endpoints.Store.List())
        {
            if (endpoints.Metadata.Annotations?.ContainsKey(LeaderElectionAnnotation) != true)
            {
                _queue.Add(ObjectKeys.Of(endpoints));
            }
        }
    }

    /// <summary>syncService; returns why the key must be looked at again later, or null when done.</summary>
    private async Task<string?> SyncAsync(string key, EventRecorder events, CancellationToken cancellationToken)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var ns = key[..slash];
        var name = key[(slash + 1)..];
        var service = _services.Store.Get(key);
        if (service is null)
        {
            // The Service is gone: so are its Endpoints (whether it had a selector cannot be known now).
            try
            {
                await _client.CoreV1.DeleteNamespacedEndpointsAsync(name, ns, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException error) when (ApiResponses.IsNotFound(error))
            {
            }

            _triggerTimes.Delete(key);
            _staleEndpoints.Delete(key);
            return null;
        }

        if (service.Spec?.Type == "ExternalName" || !ServiceSelectors.HasSelector(service))
        {
            // No endpoints from this controller: an ExternalName has none, a selectorless Service gets them out of band.
            return null;
        }

        var pods = SelectedPods(service);

        // Computed before the no-change check so the tracker sees every sync.
        var triggerTime = _triggerTimes.Compute(key, service, pods);
        var subsets = EndpointSubsets.For(service, pods);

        var current = _endpoints.Store.Get(key);
        if (current is not null && _staleEndpoints.IsStale(current))
        {
            return $"the cache still has Endpoints {key} at resourceVersion {current.Metadata.ResourceVersion}, which this controller has already replaced";
        }

        if (current is not null
            && EndpointsComparison.SubsetsEqual(current.Subsets, subsets)
            && StringMaps.Equal(WithoutHeadlessLabel(current.Metadata.Labels), service.Metadata.Labels)
            && EndpointsCapacity.AnnotationCorrect(current))
        {
            return null;
        }

        var next = Desired(service, current, subsets, triggerTime);
        if (current is null)
        {
            try
            {
                await _client.CoreV1.CreateNamespacedEndpointsAsync(next, ns, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException error) when (ApiResponses.IsNamespaceTerminating(error))
            {
                // Creates keep failing until the namespace is gone: drop the key.
                return null;
            }
            catch (HttpOperationException error)
            {
                events.Event(next, "Warning", "FailedToCreateEndpoint", $"Failed to create endpoint for service {key}: {error.Message}");
                throw;
            }

            return null;
        }

        V1Endpoints updated;
        try
        {
            updated = await _client.CoreV1.ReplaceNamespacedEndpointsAsync(next, name, ns, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException error)
        {
            events.Event(next, "Warning", "FailedToUpdateEndpoint", $"Failed to update endpoint {key}: {error.Message}");
            throw;
        }

        // An update that changed nothing keeps the resourceVersion, which is then not stale.
        if (updated.Metadata?.ResourceVersion != current.Metadata.ResourceVersion)
        {
            _staleEndpoints.MarkStale(current);
        }

        return null;
    }

    private List<V1Pod> SelectedPods(V1Service service) =>
        [.. _pods.Store.ByIndex(Indexer<V1Pod>.NamespaceIndex, service.Metadata.NamespaceProperty).Where(pod => ServiceSelectors.Selects(service, pod))];

    /// <summary>The Endpoints to write: the current one (copied) or a new one, with the new subsets, the Service's labels and the annotations.</summary>
    private static V1Endpoints Desired(V1Service service, V1Endpoints? current, List<V1EndpointSubset> subsets, DateTime? triggerTime)
    {
        var next = current is null
            ? new V1Endpoints
            {
                ApiVersion = "v1",
                Kind = "Endpoints",
                Metadata = new V1ObjectMeta { Name = service.Metadata.Name, NamespaceProperty = service.Metadata.NamespaceProperty },
            }
            : ModelCopies.Of(current);
        next.Subsets = subsets.Count > 0 ? subsets : null;
        next.Metadata.Labels = StringMaps.Copy(service.Metadata.Labels);
        TriggerTimeTracker.Annotate(next.Metadata, triggerTime);
        if (EndpointsCapacity.Truncate(next.Subsets))
        {
            next.Metadata.Annotations[EndpointsCapacity.OverCapacityAnnotation] = EndpointsCapacity.Truncated;
        }
        else
        {
            next.Metadata.Annotations.Remove(EndpointsCapacity.OverCapacityAnnotation);
        }

        if (HeadlessServices.IsServiceIpSet(service))
        {
            next.Metadata.Labels.Remove(HeadlessServices.Label);
        }
        else
        {
            next.Metadata.Labels[HeadlessServices.Label] = string.Empty;
        }

        return next;
    }

    /// <summary>The headless label is the controller's, not the Service's: it is left out when comparing labels.</summary>
    private static IDictionary<string, string>? WithoutHeadlessLabel(IDictionary<string, string>? labels)
    {
        if (labels is null || !labels.ContainsKey(HeadlessServices.Label))
        {
            return labels;
        }

        var copy = StringMaps.Copy(labels);
        copy.Remove(HeadlessServices.Label);
        return copy;
    }

    /// <summary>Any change to a Service may change its Endpoints.</summary>
    private sealed class ServiceEvents(RateLimitingQueue<string> queue) : IResourceEventHandler<V1Service>
    {
        public void OnAdd(V1Service item) => queue.Add(ObjectKeys.Of(item));

        public void OnUpdate(V1Service old, V1Service current) => queue.Add(ObjectKeys.Of(current));

        public void OnDelete(V1Service item) => queue.Add(ObjectKeys.Of(item));
    }

    /// <summary>A pod event concerns the Services that select it (or did).</summary>
    private sealed class PodEvents(RateLimitingQueue<string> queue, Indexer<V1Service> services) : IResourceEventHandler<V1Pod>
    {
        public void OnAdd(V1Pod item) => Add(ServiceMembership.Selecting(services, item));

        public void OnUpdate(V1Pod old, V1Pod current) => Add(ServiceMembership.ToUpdate(services, old, current));

        public void OnDelete(V1Pod item) => Add(ServiceMembership.Selecting(services, item));

        private void Add(IEnumerable<string> keys)
        {
            foreach (var key in keys)
            {
                queue.Add(key);
            }
        }
    }

    /// <summary>Only a deletion matters: the Endpoints of a Service that still selects pods is made again.</summary>
    private sealed class EndpointsEvents(RateLimitingQueue<string> queue) : IResourceEventHandler<V1Endpoints>
    {
        public void OnAdd(V1Endpoints item)
        {
        }

        public void OnUpdate(V1Endpoints old, V1Endpoints current)
        {
        }

        public void OnDelete(V1Endpoints item) => queue.Add(ObjectKeys.Of(item));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "endpoint controller: syncing {Key} failed: {Reason}")]
    private partial void LogSyncFailed(string key, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "endpoint controller: {Key} will be synced again: {Reason}")]
    private partial void LogWaiting(string key, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "endpoint controller: dropping {Key} after {Retries} retries")]
    private partial void LogDropped(string key, int retries);
}
