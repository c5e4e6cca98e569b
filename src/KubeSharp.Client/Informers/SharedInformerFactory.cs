using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Client.Informers;

/// <summary>
/// One informer per resource for all the controllers of a process (client-go's
/// SharedInformerFactory): controllers take the informers they need and add handlers while they
/// are built; <see cref="RunAsync"/> then lists and watches each resource once for all of them.
/// </summary>
public sealed class SharedInformerFactory(IKubernetes client, TimeProvider time, ILoggerFactory loggers)
{
    private readonly Dictionary<Type, object> _informers = [];
    private readonly List<(Func<CancellationToken, Task> Run, Task Synced)> _started = [];
    private bool _running;

    public SharedInformer<V1Pod> Pods => Get(() => ListWatches.Pods(client));

    public SharedInformer<V1Node> Nodes => Get(() => ListWatches.Nodes(client));

    public SharedInformer<V1Namespace> Namespaces => Get(() => ListWatches.Namespaces(client));

    public SharedInformer<V1Service> Services => Get(() => ListWatches.Services(client));

    public SharedInformer<V1Endpoints> Endpoints => Get(() => ListWatches.Endpoints(client));

    public SharedInformer<V1EndpointSlice> EndpointSlices => Get(() => ListWatches.EndpointSlices(client));

    public SharedInformer<V1ReplicaSet> ReplicaSets => Get(() => ListWatches.ReplicaSets(client));

    public SharedInformer<V1Deployment> Deployments => Get(() => ListWatches.Deployments(client));

    public SharedInformer<V1StatefulSet> StatefulSets => Get(() => ListWatches.StatefulSets(client));

    /// <summary>Runs every informer taken so far until cancelled; taking a new one afterwards is a bug.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        lock (_informers)
        {
            _running = true;
            return Task.WhenAll(_started.Select(informer => informer.Run(cancellationToken)));
        }
    }

    /// <summary>Completes when every informer taken has listed once.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken)
    {
        lock (_informers)
        {
            return Task.WhenAll(_started.Select(informer => informer.Synced)).WaitAsync(cancellationToken);
        }
    }

    private SharedInformer<T> Get<T>(Func<ListWatch<T>> source)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        lock (_informers)
        {
            if (_informers.TryGetValue(typeof(T), out var existing))
            {
                return (SharedInformer<T>)existing;
            }

            if (_running)
            {
                throw new InvalidOperationException($"informer for {typeof(T).Name} taken after the factory started");
            }

            var informer = new SharedInformer<T>(source(), time, null, loggers.CreateLogger($"informer.{typeof(T).Name}"));
            _informers[typeof(T)] = informer;
            _started.Add((informer.RunAsync, informer.Synced));
            return informer;
        }
    }
}
