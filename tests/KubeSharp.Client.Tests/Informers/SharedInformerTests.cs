using System.Runtime.CompilerServices;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using KubeSharp.Client.Informers;
using KubeSharp.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Client.Tests.Informers;

public sealed class SharedInformerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static V1ConfigMap Map(string name, string version, string app = "x") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ns", ResourceVersion = version, Labels = new Dictionary<string, string> { ["app"] = app } },
    };

    [Fact]
    public async Task A_relist_after_an_expired_watch_tells_the_differences_as_events()
    {
        var lists = new Queue<(IList<V1ConfigMap>, string)>([
            ([Map("a", "1"), Map("b", "1")], "1"),
            ([Map("a", "3"), Map("c", "3")], "3"),
        ]);
        var watches = new Queue<(WatchEventType, V1ConfigMap)[]>([
            [(WatchEventType.Modified, Map("a", "2")), (WatchEventType.Error, new V1ConfigMap())],
        ]);
        var parked = Channel.CreateUnbounded<(WatchEventType, V1ConfigMap)>();
        var source = new ListWatch<V1ConfigMap>(
            _ => Task.FromResult(lists.Dequeue()),
            (_, ct) => watches.TryDequeue(out var events) ? Replay(events) : parked.Reader.ReadAllAsync(ct));
        var informer = new SharedInformer<V1ConfigMap>(source, TimeProvider.System, null, NullLogger.Instance);
        var handler = new RecordingHandler();
        informer.AddEventHandler(handler);
        using var stop = new CancellationTokenSource();

        var run = informer.RunAsync(stop.Token);
        await Wait.UntilAsync(() => Task.FromResult(informer.ResourceVersion == "3"), Patience, "the relist");

        Assert.Equal(["add a", "add b", "update a", "update a", "add c", "delete b"], handler.Events);
        Assert.Equal(["a", "c"], informer.Store.List().Select(m => m.Metadata.Name).Order());
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public void The_indexer_finds_objects_by_namespace_and_by_added_indexes()
    {
        var store = new Indexer<V1ConfigMap>();
        store.Upsert(Map("a", "1", app: "web"));
        store.Upsert(Map("b", "1", app: "db"));
        store.AddIndex("app", m => [m.Metadata.Labels["app"]]);

        store.Upsert(Map("a", "2", app: "db"));

        Assert.Equal(2, store.ByIndex(Indexer<V1ConfigMap>.NamespaceIndex, "ns").Count);
        Assert.Empty(store.ByIndex("app", "web"));
        Assert.Equal(["a", "b"], store.ByIndex("app", "db").Select(m => m.Metadata.Name).Order());
        Assert.Equal("b", store.Remove("ns/b")!.Metadata.Name);
        Assert.Equal(["a"], store.ByIndex("app", "db").Select(m => m.Metadata.Name));
    }

    [Fact]
    public async Task Against_a_real_server_the_cache_follows_creates_updates_and_deletes()
    {
        await using var server = await ServerProcess.StartAsync();
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.Kubeconfig));
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "before" } }, "default");
        var source = new ListWatch<V1ConfigMap>(
            async ct =>
            {
                var list = await client.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: ct);
                return (list.Items, list.Metadata.ResourceVersion);
            },
            (version, ct) => client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: version, allowWatchBookmarks: true, cancellationToken: ct));
        var informer = new SharedInformer<V1ConfigMap>(source, TimeProvider.System, null, NullLogger.Instance);
        var handler = new RecordingHandler();
        informer.AddEventHandler(handler);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.Synced.WaitAsync(Patience);

        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "after" } }, "default");
        created.Data = new Dictionary<string, string> { ["k"] = "v" };
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "after", "default");
        await client.CoreV1.DeleteNamespacedConfigMapAsync("before", "default");

        await Wait.UntilAsync(() => Task.FromResult(handler.Events.Contains("delete before")), Patience, "the deletion");
        Assert.Equal(["add before", "add after", "update after", "delete before"], handler.Events);
        Assert.Equal("v", informer.Store.Get("default/after")!.Data["k"]);
        await stop.CancelAsync();
        await run;
    }

    private static async IAsyncEnumerable<(WatchEventType, V1ConfigMap)> Replay((WatchEventType, V1ConfigMap)[] events, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var change in events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return change;
        }

        await Task.CompletedTask;
    }
}
