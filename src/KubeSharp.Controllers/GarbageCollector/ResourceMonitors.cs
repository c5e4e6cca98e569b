using Microsoft.Extensions.Logging;

namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>
/// One metadata informer per deletable resource (upstream's monitors): a new discovery starts
/// informers for resources that appeared and stops those for resources that went away, except in
/// group versions discovery could not read this time.
/// </summary>
internal sealed class ResourceMonitors
{
    private readonly MetadataClient _client;
    private readonly GraphBuilder _graph;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Running> _running = new(StringComparer.Ordinal);

    public ResourceMonitors(MetadataClient client, GraphBuilder graph, TimeProvider time, ILogger logger)
    {
        _client = client;
        _graph = graph;
        _time = time;
        _logger = logger;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _running.Count;
            }
        }
    }

    /// <summary>Makes the running informers match <paramref name="resources"/>; returns how many were started and stopped.</summary>
    public (int Started, int Stopped) Sync(IEnumerable<DiscoveredResource> resources, IReadOnlySet<string> failedGroupVersions, CancellationToken cancellationToken)
    {
        var wanted = new Dictionary<string, DiscoveredResource>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            wanted.TryAdd(resource.Key, resource);
        }

        var started = 0;
        var stopped = 0;
        lock (_lock)
        {
            foreach (var (key, running) in _running.ToList())
            {
                if (wanted.ContainsKey(key) || failedGroupVersions.Contains(running.Resource.GroupVersion))
                {
                    continue;
                }

                _running.Remove(key);
                StopInformer(running);
                stopped++;
            }

            foreach (var (key, resource) in wanted)
            {
                if (_running.ContainsKey(key))
                {
                    continue;
                }

                var informer = new MetadataInformer(_client, resource, new GraphEventForwarder(_graph, resource.GroupVersion, resource.Kind), _time, _logger);
                var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var run = Task.Run(() => informer.RunAsync(stop.Token), CancellationToken.None);
                _running[key] = new Running(resource, informer, stop, run);
                started++;
            }
        }

        return (started, stopped);
    }

    /// <summary>Completes when every informer running now has listed once.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.WhenAll(_running.Values.Select(running => running.Informer.Synced)).WaitAsync(cancellationToken);
        }
    }

    public async Task StopAllAsync()
    {
        List<Running> all;
        lock (_lock)
        {
            all = [.. _running.Values];
            _running.Clear();
        }

        foreach (var running in all)
        {
            await running.Stop.CancelAsync();
        }

        await Task.WhenAll(all.Select(running => running.Run));
        foreach (var running in all)
        {
            running.Stop.Dispose();
        }
    }

    private static void StopInformer(Running running)
    {
        running.Stop.Cancel();
        _ = running.Run.ContinueWith(_ => running.Stop.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private sealed record Running(DiscoveredResource Resource, MetadataInformer Informer, CancellationTokenSource Stop, Task Run);
}
