using k8s;
using k8s.Models;
using KubeSharp.TestSupport;

namespace KubeSharp.ApiServer.Tests.Client;

/// <summary>Events expire after --event-ttl, as upstream's do.</summary>
public sealed class EventTtlTests : IAsyncLifetime
{
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync("--event-ttl", "2s");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_event_older_than_the_ttl_is_deleted()
    {
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.Kubeconfig));
        await client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "short-lived" },
            InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "p", NamespaceProperty = "default" },
            Reason = "Testing",
            Message = "goes away",
            Type = "Normal",
        }, "default");

        await Wait.UntilAsync(async () => (await client.CoreV1.ListNamespacedEventAsync("default")).Items.Count == 0, TimeSpan.FromSeconds(30), "the event to expire");
    }
}
