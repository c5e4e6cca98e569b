using k8s;
using k8s.Models;
using KubeSharp.TestSupport;

namespace KubeSharp.ApiServer.Tests.Client;

/// <summary>Stopping and starting the server keeps every object and resourceVersion, and watches resume.</summary>
public sealed class RestartTests : IAsyncLifetime
{
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Objects_and_resource_versions_survive_a_restart_and_watches_resume()
    {
        V1ConfigMap before;
        string listVersion;
        using (var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.Kubeconfig)))
        {
            before = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "kept" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, "default");
            listVersion = (await client.CoreV1.ListNamespacedConfigMapAsync("default")).Metadata.ResourceVersion;
        }

        await _server.RestartAsync();

        using var restarted = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.Kubeconfig));
        var after = await restarted.CoreV1.ReadNamespacedConfigMapAsync("kept", "default");
        Assert.Equal(before.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
        Assert.Equal(before.Metadata.Uid, after.Metadata.Uid);

        await restarted.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "later" } }, "default");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var (type, item) in restarted.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: listVersion, cancellationToken: cancel.Token))
        {
            Assert.Equal((WatchEventType.Added, "later"), (type, item.Metadata.Name));
            break;
        }
    }
}
