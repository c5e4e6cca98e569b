using System.Net;
using k8s;
using k8s.Models;
using KubeSharp.Client.Informers;
using KubeSharp.Client.WorkQueue;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.Namespace;

/// <summary>
/// Deleting a namespace deletes everything in it, then removes the "kubernetes" finalizer so the
/// API server can delete the namespace itself (upstream's namespace controller). Objects that take
/// time to go (finalizers, graceful pod deletion) are waited for by requeueing.
/// </summary>
public sealed partial class NamespaceController : IController, IResourceEventHandler<V1Namespace>
{
    public const string ControllerName = "namespace";
    private const string Finalizer = "kubernetes";
    private const int Workers = 2;

    private readonly Kubernetes _client;
    private readonly ILogger _logger;
    private readonly RateLimitingQueue<string> _queue;
    private readonly SharedInformer<V1Namespace> _informer;

    public NamespaceController(IKubernetes client, TimeProvider time, ILogger logger)
    {
        _client = (Kubernetes)client;
        _logger = logger;
        _queue = new RateLimitingQueue<string>(
            new MaxOfRateLimiter<string>(
                new ExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30)),
                new BucketRateLimiter<string>(10, 100, time)),
            time);
        _informer = new SharedInformer<V1Namespace>(
            ListWatches.Namespaces(_client),
            time,
            TimeSpan.FromMinutes(5),
            logger);
        _informer.AddEventHandler(this);
    }

    public string Name => ControllerName;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var informer = _informer.RunAsync(cancellationToken);
        await _informer.Synced.WaitAsync(cancellationToken);
        await QueueWorkers.RunAsync(_queue, Workers, SyncAsync, (name, error) => LogFailed(name, error.Message), cancellationToken);
        await informer;
    }

    public void OnAdd(V1Namespace item) => Enqueue(item);

    public void OnUpdate(V1Namespace old, V1Namespace current) => Enqueue(current);

    public void OnDelete(V1Namespace item)
    {
    }

    private void Enqueue(V1Namespace item)
    {
        if (item.Metadata.DeletionTimestamp is not null)
        {
            _queue.Add(item.Metadata.Name);
        }
    }

    /// <summary>True when the namespace is done with (finalized or not terminating); false to look again later.</summary>
    private async Task<bool> SyncAsync(string name, CancellationToken cancellationToken)
    {
        var cached = _informer.Store.Get(name);
        if (cached?.Metadata.DeletionTimestamp is null || cached.Spec?.Finalizers?.Contains(Finalizer) != true)
        {
            return true;
        }

        var remaining = 0;
        foreach (var path in await NamespacedResources.CollectionPathsAsync(_client, name, cancellationToken))
        {
            using (var delete = await _client.HttpClient.DeleteAsync(new Uri(_client.BaseUri, path + "?propagationPolicy=Background"), cancellationToken))
            {
                delete.EnsureSuccessStatusCode();
            }

            using var left = await NamespacedResources.GetAsync(_client, path + "?limit=1", cancellationToken);
            remaining += left.RootElement.GetProperty("items").GetArrayLength();
        }

        if (remaining > 0)
        {
            LogWaiting(name);
            return false;
        }

        // Empty: give up our finalizer; the API server deletes the namespace once none is left.
        var current = await _client.CoreV1.ReadNamespaceAsync(name, cancellationToken: cancellationToken);
        current.Spec.Finalizers = [.. current.Spec.Finalizers.Where(f => f != Finalizer)];
        try
        {
            await _client.CoreV1.ReplaceNamespaceFinalizeAsync(current, name, cancellationToken: cancellationToken);
        }
        catch (k8s.Autorest.HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }

        LogFinalized(name);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "namespace controller: {Namespace} emptied and finalized")]
    private partial void LogFinalized(string @namespace);

    [LoggerMessage(Level = LogLevel.Information, Message = "namespace controller: {Namespace} still has objects; waiting for them to go")]
    private partial void LogWaiting(string @namespace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "namespace controller: syncing {Namespace} failed: {Reason}")]
    private partial void LogFailed(string @namespace, string reason);
}
