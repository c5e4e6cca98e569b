using k8s;
using k8s.Autorest;
using k8s.Models;

namespace KubeSharp.ApiServer.Tests.Client;

/// <summary>The official C# client (KubernetesClient): CRUD, list, and watch resumed from a resourceVersion.</summary>
public sealed class CSharpClientTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private Kubernetes Client() => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.Server.Kubeconfig));

    [Fact]
    public async Task Create_read_update_delete_a_config_map()
    {
        using var client = Client();
        var ns = await fixture.NamespaceAsync();

        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings", Labels = new Dictionary<string, string> { ["app"] = "x" } }, Data = new Dictionary<string, string> { ["a"] = "1" } }, ns);
        created.Data["a"] = "2";
        var updated = await client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "settings", ns);
        var read = await client.CoreV1.ReadNamespacedConfigMapAsync("settings", ns);
        var listed = await client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "app=x");
        await client.CoreV1.DeleteNamespacedConfigMapAsync("settings", ns);
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedConfigMapAsync("settings", ns));

        Assert.NotEqual(created.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
        Assert.Equal("2", read.Data["a"]);
        Assert.Single(listed.Items);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task A_stale_update_is_a_409_conflict()
    {
        using var client = Client();
        var ns = await fixture.NamespaceAsync();
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" } }, ns);
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c", ResourceVersion = created.Metadata.ResourceVersion }, Data = new Dictionary<string, string> { ["v"] = "1" } }, "c", ns);

        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CoreV1.ReplaceNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c", ResourceVersion = created.Metadata.ResourceVersion } }, "c", ns));

        Assert.Equal(System.Net.HttpStatusCode.Conflict, conflict.Response.StatusCode);
        Assert.Contains("the object has been modified", conflict.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patches_of_every_kind_apply()
    {
        using var client = Client();
        var ns = await fixture.NamespaceAsync();
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "p" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, ns);

        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"data\":{\"b\":\"2\"}}", V1Patch.PatchType.MergePatch), "p", ns);
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("[{\"op\":\"add\",\"path\":\"/data/c\",\"value\":\"3\"}]", V1Patch.PatchType.JsonPatch), "p", ns);
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"data\":{\"a\":null}}", V1Patch.PatchType.StrategicMergePatch), "p", ns);
        var result = await client.CoreV1.ReadNamespacedConfigMapAsync("p", ns);

        Assert.Equal(new Dictionary<string, string> { ["b"] = "2", ["c"] = "3" }, result.Data);
    }

    [Fact]
    public async Task A_watch_resumed_from_a_resource_version_sees_what_happened_meanwhile()
    {
        using var client = Client();
        var ns = await fixture.NamespaceAsync();
        var list = await client.CoreV1.ListNamespacedConfigMapAsync(ns);
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "w1" } }, ns);
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "w2" } }, ns);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("w1", ns);

        var events = new List<(WatchEventType, string)>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var (type, item) in client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cancel.Token))
        {
            events.Add((type, item.Metadata.Name));
            if (events.Count == 3)
            {
                break;
            }
        }

        Assert.Equal([(WatchEventType.Added, "w1"), (WatchEventType.Added, "w2"), (WatchEventType.Deleted, "w1")], events);
    }
}
