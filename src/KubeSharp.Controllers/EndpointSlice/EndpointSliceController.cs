using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client.Events;
using KubeSharp.Client.Informers;
using KubeSharp.Client.WorkQueue;
using KubeSharp.Controllers.Shared;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.EndpointSlice;

/// <summary>
/// upstream's EndpointSlice controller: every Service with a selector has EndpointSlices (named
/// from "service-", owned by it, labelled kubernetes.io/service-name and managed-by this
/// controller) holding the selected pods as endpoints with ready/serving/terminating conditions,
/// node, zone and ports, at most 100 per slice, kept up to date by <see cref="SliceReconciler"/>.
/// A tracker of its own writes keeps it from acting on a cache that has not caught up with them.
/// Services without a selector are left alone, except default/kubernetes, whose slice is mirrored
/// from the Endpoints the API server writes (<see cref="KubernetesSliceMirror"/>).
/// </summary>
public sealed partial class EndpointSliceController : IController
{
    public const string ControllerName = "endpointslice";

    // After this many retries a key is dropped until its next change (upstream's maxRetries).
    private const int MaxRetries = 15;

    // endpointSliceChangeMinSyncDelay: a slice change waits a little, so a burst of them is one sync.
    private static readonly TimeSpan SliceChangeDelay = TimeSpan.FromSeconds(1);

    private readonly ControllerContext _context;
    private readonly IKubernetes _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SharedInformer<V1Service> _services;
    private readonly SharedInformer<V1Pod> _pods;
    private readonly SharedInformer<V1Node> _nodes;
    private readonly SharedInformer<V1EndpointSlice> _slices;
    private readonly SharedInformer<V1Endpoints> _endpoints;
    private readonly RateLimitingQueue<string> _queue;
    private readonly SliceReconciler _reconciler = new(SliceReconciler.DefaultMaxEndpointsPerSlice);
    private readonly SliceTracker _tracker = new();
    private readonly TriggerTimeTracker _triggerTimes = new();

    public EndpointSliceController(ControllerContext context)
    {
        _context = context;
        _client = context.Client;
        _time = context.Time;
        _logger = context.Loggers.CreateLogger("endpointslice-controller");

        // Retries start at 1 s, not 5 ms: one sync may rewrite many slices, and the API server should not be flooded.
        _queue = new RateLimitingQueue<string>(
            new MaxOfRateLimiter<string>(
                new ExponentialFailureRateLimiter<string>(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1000)),
                new BucketRateLimiter<string>(10, 100, _time)),
            _time);
        _services = context.Informers.Services;
        _pods = context.Informers.Pods;
        _nodes = context.Informers.Nodes;
        _slices = context.Informers.EndpointSlices;
        _endpoints = context.Informers.Endpoints;
        _services.AddEventHandler(new ServiceEvents(_queue));
        _pods.AddEventHandler(new PodEvents(_queue, _services.Store));
        _slices.AddEventHandler(new SliceEvents(this));
        _endpoints.AddEventHandler(new KubernetesEndpointsEvents(_queue));
    }

    public string Name => ControllerName;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _context.Informers.WaitForSyncAsync(cancellationToken);
        await using var events = new EventRecorder(_client, "endpoint-slice-controller", "kubesharp", _time, _logger);

        // The kubernetes Service has no selector, so nothing else may bring its key up.
        _queue.Add(KubernetesSliceMirror.Key);
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

    /// <summary>syncService; returns why the key must be looked at again later, or null when done.</summary>
    private async Task<string?> SyncAsync(string key, EventRecorder events, CancellationToken cancellationToken)
    {
        var service = _services.Store.Get(key);
        if (key == KubernetesSliceMirror.Key && (service is null || !ServiceSelectors.HasSelector(service)))
        {
            return await MirrorKubernetesAsync(cancellationToken);
        }

        if (service is null)
        {
            // Its slices are owned by it, so the garbage collector deletes them.
            _triggerTimes.Delete(key);
            _tracker.DeleteService(key);
            return null;
        }

        if (service.Spec?.Type == "ExternalName" || !ServiceSelectors.HasSelector(service))
        {
            // No endpoints from this controller: an ExternalName has none, a selectorless Service gets them out of band.
            return null;
        }

        var pods = SelectedPods(service);
        var slices = OwnSlices(service, key);
        if (_tracker.StaleSlices(service, slices))
        {
            return "the EndpointSlice cache has not caught up with this controller's own writes yet";
        }

        // Computed before anything can turn out unchanged, so the tracker sees every sync.
        var triggerTime = _triggerTimes.Compute(key, service, pods);
        var plan = _reconciler.Reconcile(service, pods, slices, name => _nodes.Store.Get(name));
        try
        {
            await ApplyAsync(service, plan, triggerTime, cancellationToken);
        }
        catch (HttpOperationException error)
        {
            events.Event(service, "Warning", "FailedToUpdateEndpointSlices", $"Error updating Endpoint Slices for Service {key}: {error.Message}");
            throw;
        }

        return plan.Problems.Count > 0 ? string.Join("; ", plan.Problems) : null;
    }

    private List<V1Pod> SelectedPods(V1Service service) =>
        [.. _pods.Store.ByIndex(Indexer<V1Pod>.NamespaceIndex, service.Metadata.NamespaceProperty).Where(pod => ServiceSelectors.Selects(service, pod))];

    /// <summary>The Service's slices managed by this controller; one already being deleted would only get in the way.</summary>
    private List<V1EndpointSlice> OwnSlices(V1Service service, string key) =>
        [.. _slices.Store.ByIndex(Indexer<V1EndpointSlice>.NamespaceIndex, service.Metadata.NamespaceProperty)
            .Where(slice => SliceLabels.IsManagedByController(slice) && SliceLabels.ServiceKey(slice) == key && slice.Metadata.DeletionTimestamp is null)];

    /// <summary>finalize: creates (unless the Service is being deleted), updates and deletes, recording each in the tracker.</summary>
    private async Task ApplyAsync(V1Service service, SlicePlan plan, DateTime? triggerTime, CancellationToken cancellationToken)
    {
        var ns = service.Metadata.NamespaceProperty;

        // New slices for a Service being deleted would race the garbage collector deleting them.
        if (service.Metadata.DeletionTimestamp is null)
        {
            foreach (var slice in plan.ToCreate)
            {
                TriggerTimeTracker.Annotate(slice.Metadata, triggerTime);
                V1EndpointSlice created;
                try
                {
                    created = await _client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(slice, ns, cancellationToken: cancellationToken);
                }
                catch (HttpOperationException error) when (ApiResponses.IsNamespaceTerminating(error))
                {
                    // Creates keep failing until the namespace is gone.
                    return;
                }

                _tracker.Update(created);
            }
        }

        foreach (var slice in plan.ToUpdate)
        {
            TriggerTimeTracker.Annotate(slice.Metadata, triggerTime);
            var updated = await _client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(slice, slice.Metadata.Name, ns, cancellationToken: cancellationToken);
            _tracker.Update(updated);
        }

        foreach (var slice in plan.ToDelete)
        {
            try
            {
                await _client.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(slice.Metadata.Name, ns, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException error) when (ApiResponses.IsNotFound(error))
            {
                // Already gone: nothing to wait for.
                continue;
            }

            _tracker.ExpectDeletion(slice);
        }
    }

    /// <summary>Keeps the kubernetes slice in step with the kubernetes Endpoints (EnsureEndpointSliceFromEndpoints).</summary>
    private async Task<string?> MirrorKubernetesAsync(CancellationToken cancellationToken)
    {
        if (_endpoints.Store.Get(KubernetesSliceMirror.Key) is not { } endpoints)
        {
            // Nothing to mirror yet; the Endpoints' arrival brings the key back.
            return null;
        }

        var desired = KubernetesSliceMirror.SliceFor(endpoints);
        var current = _slices.Store.Get(KubernetesSliceMirror.Key);
        try
        {
            if (current is null)
            {
                await _client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(desired, KubernetesSliceMirror.Namespace, cancellationToken: cancellationToken);
            }
            else if (current.AddressType != desired.AddressType)
            {
                // addressType is immutable: the slice is replaced.
                await _client.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(KubernetesSliceMirror.Name, KubernetesSliceMirror.Namespace, cancellationToken: cancellationToken);
                await _client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(desired, KubernetesSliceMirror.Namespace, cancellationToken: cancellationToken);
            }
            else if (!KubernetesSliceMirror.Matches(current, desired))
            {
                desired.Metadata.ResourceVersion = current.Metadata.ResourceVersion;
                await _client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(desired, KubernetesSliceMirror.Name, KubernetesSliceMirror.Namespace, cancellationToken: cancellationToken);
            }
        }
        catch (HttpOperationException error) when (ApiResponses.IsConflict(error) || ApiResponses.IsNotFound(error))
        {
            return $"the kubernetes EndpointSlice changed meanwhile ({error.Response.StatusCode})";
        }

        return null;
    }

    private void EnqueueAfterSliceChange(V1EndpointSlice slice)
    {
        if (SliceLabels.ServiceKey(slice) is { } key)
        {
            _queue.AddAfter(key, SliceChangeDelay);
        }
    }

    /// <summary>Any change to a Service may change its slices.</summary>
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

    /// <summary>
    /// A slice event needs a sync only when it is not this controller's own write coming back: a
    /// newer generation, a slice deleted by someone else, a change of owner label or Service.
    /// Changes to the mirrored kubernetes slice bring that key back.
    /// </summary>
    private sealed class SliceEvents(EndpointSliceController controller) : IResourceEventHandler<V1EndpointSlice>
    {
        public void OnAdd(V1EndpointSlice item)
        {
            if (SliceLabels.IsManagedByController(item) && controller._tracker.ShouldSync(item))
            {
                controller.EnqueueAfterSliceChange(item);
            }
        }

        public void OnUpdate(V1EndpointSlice old, V1EndpointSlice current)
        {
            if (IsKubernetesSlice(current))
            {
                controller._queue.Add(KubernetesSliceMirror.Key);
                return;
            }

            if (SliceLabels.ServiceKey(old) != SliceLabels.ServiceKey(current))
            {
                // The service-name label changed (users may change it; generation does not count it).
                controller.EnqueueAfterSliceChange(current);
                controller.EnqueueAfterSliceChange(old);
                return;
            }

            if (SliceLabels.IsManagedByController(old) != SliceLabels.IsManagedByController(current)
                || (SliceLabels.IsManagedByController(current) && controller._tracker.ShouldSync(current)))
            {
                controller.EnqueueAfterSliceChange(current);
            }
        }

        public void OnDelete(V1EndpointSlice item)
        {
            if (IsKubernetesSlice(item))
            {
                controller._queue.Add(KubernetesSliceMirror.Key);
                return;
            }

            // A deletion this controller did not ask for is repaired.
            if (SliceLabels.IsManagedByController(item) && controller._tracker.Has(item) && !controller._tracker.HandleDeletion(item))
            {
                controller.EnqueueAfterSliceChange(item);
            }
        }

        private static bool IsKubernetesSlice(V1EndpointSlice slice) => ObjectKeys.Of(slice) == KubernetesSliceMirror.Key;
    }

    /// <summary>Only the kubernetes Endpoints matter here: its slice is mirrored from it.</summary>
    private sealed class KubernetesEndpointsEvents(RateLimitingQueue<string> queue) : IResourceEventHandler<V1Endpoints>
    {
        public void OnAdd(V1Endpoints item) => Enqueue(item);

        public void OnUpdate(V1Endpoints old, V1Endpoints current) => Enqueue(current);

        public void OnDelete(V1Endpoints item)
        {
        }

        private void Enqueue(V1Endpoints item)
        {
            if (ObjectKeys.Of(item) == KubernetesSliceMirror.Key)
            {
                queue.Add(KubernetesSliceMirror.Key);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "endpointslice controller: syncing {Key} failed: {Reason}")]
    private partial void LogSyncFailed(string key, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "endpointslice controller: {Key} will be synced again: {Reason}")]
    private partial void LogWaiting(string key, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "endpointslice controller: dropping {Key} after {Retries} retries")]
    private partial void LogDropped(string key, int retries);
}
