using k8s;
using k8s.Models;
using KubeSharp.Client.Events;
using KubeSharp.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Client.Tests.Events;

/// <summary>Recorded events reach a real server, and repeats bump the count of one Event.</summary>
public sealed class EventRecorderTests : IAsyncLifetime
{
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Repeated_events_are_aggregated_into_one_with_a_count()
    {
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.Kubeconfig));
        var pod = await client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "localhost/busybox:1.35" }] },
        }, "default");
        pod.Kind = "Pod";
        pod.ApiVersion = "v1";

        await using (var recorder = new EventRecorder(client, "test-controller", "node-a", TimeProvider.System, NullLogger.Instance))
        {
            recorder.Event(pod, "Warning", "BackOff", "Back-off restarting failed container");
            recorder.Event(pod, "Warning", "BackOff", "Back-off restarting failed container");
            recorder.Event(pod, "Warning", "BackOff", "Back-off restarting failed container");
            recorder.Event(pod, "Normal", "Pulled", "Container image already present");
        }

        var events = (await client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=p")).Items;
        var backOff = Assert.Single(events, e => e.Reason == "BackOff");
        Assert.Equal(3, backOff.Count);
        Assert.Equal(pod.Metadata.Uid, backOff.InvolvedObject.Uid);
        Assert.Equal("test-controller", backOff.Source.Component);
        Assert.Single(events, e => e.Reason == "Pulled" && e.Count == 1);
    }
}
