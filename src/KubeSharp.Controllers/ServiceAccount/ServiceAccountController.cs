using System.Net;
using k8s;
using k8s.Models;
using KubeSharp.Client.Informers;
using KubeSharp.Client.WorkQueue;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.ServiceAccount;

/// <summary>
/// Every namespace that is not being deleted has a "default" ServiceAccount (upstream's
/// serviceaccount controller); deleting it brings it back.
/// </summary>
public sealed partial class ServiceAccountController : IController
{
    public const string ControllerName = "serviceaccount";
    private const string DefaultAccount = "default";

    private readonly IKubernetes _client;
    private readonly ILogger _logger;
    private readonly RateLimitingQueue<string> _queue;
    private readonly SharedInformer<V1Namespace> _namespaces;
    private readonly SharedInformer<V1ServiceAccount> _accounts;

    public ServiceAccountController(IKubernetes client, TimeProvider time, ILogger logger)
    {
        _client = client;
        _logger = logger;
        _queue = new RateLimitingQueue<string>(MaxOfRateLimiter<string>.ControllerDefault(time), time);
        _namespaces = new SharedInformer<V1Namespace>(
            ListWatches.Namespaces(client),
            time,
            null,
            logger);
        _accounts = new SharedInformer<V1ServiceAccount>(
            new ListWatch<V1ServiceAccount>(
                async ct =>
                {
                    var list = await client.CoreV1.ListServiceAccountForAllNamespacesAsync(fieldSelector: "metadata.name=" + DefaultAccount, cancellationToken: ct);
                    return (list.Items, list.Metadata.ResourceVersion);
                },
                (version, ct) => client.CoreV1.WatchListServiceAccountForAllNamespacesAsync(
                    fieldSelector: "metadata.name=" + DefaultAccount, resourceVersion: version, allowWatchBookmarks: true, cancellationToken: ct)),
            time,
            null,
            logger);
        _namespaces.AddEventHandler(new Enqueue<V1Namespace>(_queue, item => item.Metadata.Name));
        _accounts.AddEventHandler(new Enqueue<V1ServiceAccount>(_queue, item => item.Metadata.NamespaceProperty));
    }

    public string Name => ControllerName;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var informers = Task.WhenAll(_namespaces.RunAsync(cancellationToken), _accounts.RunAsync(cancellationToken));
        await Task.WhenAll(_namespaces.Synced, _accounts.Synced).WaitAsync(cancellationToken);
        await QueueWorkers.RunAsync(
            _queue,
            1,
            async (name, ct) =>
            {
                await SyncAsync(name, ct);
                return true;
            },
            (name, error) => LogFailed(name, error.Message),
            cancellationToken);
        await informers;
    }

    private async Task SyncAsync(string @namespace, CancellationToken cancellationToken)
    {
        var ns = _namespaces.Store.Get(@namespace);
        if (ns is null || ns.Metadata.DeletionTimestamp is not null || _accounts.Store.Get($"{@namespace}/{DefaultAccount}") is not null)
        {
            return;
        }

        try
        {
            await _client.CoreV1.CreateNamespacedServiceAccountAsync(
                new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = DefaultAccount } }, @namespace, cancellationToken: cancellationToken);
        }
        catch (k8s.Autorest.HttpOperationException error) when (error.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            // Already there, or the namespace is going away: nothing to do.
        }
    }

    /// <summary>Handlers only enqueue the namespace a change concerns.</summary>
    private sealed class Enqueue<T>(RateLimitingQueue<string> queue, Func<T, string> key) : IResourceEventHandler<T>
    {
        public void OnAdd(T item) => queue.Add(key(item));

        public void OnUpdate(T old, T current) => queue.Add(key(current));

        public void OnDelete(T item) => queue.Add(key(item));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "serviceaccount controller: syncing {Namespace} failed: {Reason}")]
    private partial void LogFailed(string @namespace, string reason);
}
