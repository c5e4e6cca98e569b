using k8s;
using k8s.Models;
using KubeSharp.Controllers.Tests.Endpoint;
using KubeSharp.TestSupport;

namespace KubeSharp.Controllers.Tests.EndpointSlice;

/// <summary>The EndpointSlice controller inside a real `kubesharp server`: publishNotReadyAddresses, and the kubernetes Service's slice.</summary>
public sealed class EndpointSliceEndToEndTests : IAsyncLifetime
{
    private EndpointCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await EndpointCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Publish_not_ready_addresses_keeps_pods_that_are_not_ready_as_ready_endpoints()
    {
        var ready = await _cluster.RunPodAsync("web-0");
        var notReady = await _cluster.RunPodAsync("web-1");
        await _cluster.SetNotReadyAsync("web-1");
        await Wait.UntilAsync(
            async () => (await _cluster.Client.CoreV1.ReadNamespacedPodAsync("web-1", _cluster.Namespace)).Status.Conditions.Any(c => c.Type == "Ready" && c.Status == "False"),
            EndpointCluster.Patience,
            "web-1 to be not ready");

        // Made after the pod turned not ready, so the first Endpoints already reflect it.
        await _cluster.CreateServiceAsync(publishNotReadyAddresses: true);

        await Wait.UntilAsync(
            async () => await _cluster.SliceEndpointsAsync("web") is { Count: 2 } all && all["web-1"].Conditions?.Serving == false,
            EndpointCluster.Patience,
            "both pods in the slice");
        var endpoint = (await _cluster.SliceEndpointsAsync("web"))["web-1"];
        Assert.True(endpoint.Conditions.Ready);
        Assert.False(endpoint.Conditions.Terminating);

        V1Endpoints? endpoints = null;
        await Wait.UntilAsync(async () => (endpoints = await _cluster.EndpointsAsync("web")) is not null, EndpointCluster.Patience, "the Endpoints");
        var subset = Assert.Single(endpoints!.Subsets);
        Assert.Equal(new[] { ready, notReady }.Order(StringComparer.Ordinal), subset.Addresses.Select(a => a.Ip).Order(StringComparer.Ordinal));
        Assert.Null(subset.NotReadyAddresses);
    }

    [Fact]
    public async Task The_kubernetes_service_has_a_slice_mirroring_its_endpoints()
    {
        V1EndpointSlice? slice = null;
        await Wait.UntilAsync(
            async () =>
            {
                var slices = await _cluster.Client.DiscoveryV1.ListNamespacedEndpointSliceAsync("default", labelSelector: "kubernetes.io/service-name=kubernetes");
                slice = slices.Items.SingleOrDefault();
                return slice is not null;
            },
            EndpointCluster.Patience,
            "the kubernetes EndpointSlice");
        var endpoints = await _cluster.Client.CoreV1.ReadNamespacedEndpointsAsync("kubernetes", "default");

        Assert.Equal("kubernetes", slice!.Metadata.Name);
        Assert.Equal("endpointslicemirroring-controller.k8s.io", slice.Metadata.Labels["endpointslice.kubernetes.io/managed-by"]);
        Assert.Equal("IPv4", slice.AddressType);
        var address = Assert.Single(Assert.Single(endpoints.Subsets).Addresses);
        var endpoint = Assert.Single(slice.Endpoints);
        Assert.Equal(address.Ip, Assert.Single(endpoint.Addresses));
        Assert.True(endpoint.Conditions.Ready);
        var port = Assert.Single(slice.Ports);
        Assert.Equal("https", port.Name);
        Assert.Equal(endpoints.Subsets[0].Ports[0].Port, port.Port);
    }
}
