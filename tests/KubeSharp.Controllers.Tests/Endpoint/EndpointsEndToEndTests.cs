using k8s;
using k8s.Models;
using KubeSharp.TestSupport;

namespace KubeSharp.Controllers.Tests.Endpoint;

/// <summary>
/// The endpoint and EndpointSlice controllers inside a real `kubesharp server`, following pods on
/// simulated nodes through readiness, termination and deletion; checked with the C# client and kubectl.
/// </summary>
public sealed class EndpointsEndToEndTests : IAsyncLifetime
{
    private EndpointCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await EndpointCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_service_lists_its_pods_and_follows_their_readiness_and_deletion()
    {
        var ips = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { "web-0", "web-1", "web-2" })
        {
            ips[name] = await _cluster.RunPodAsync(name);
        }

        await _cluster.CreateServiceAsync();

        var endpoints = await EndpointsWhereAsync(e => Ready(e).SetEquals(ips.Values) && NotReady(e).Count == 0, "the three pods as ready addresses");
        var subset = Assert.Single(endpoints.Subsets);
        var port = Assert.Single(subset.Ports);
        Assert.Equal("http", port.Name);
        Assert.Equal(8080, port.Port);
        Assert.Equal("TCP", port.Protocol);
        Assert.All(subset.Addresses, address =>
        {
            Assert.Equal("Pod", address.TargetRef.Kind);
            Assert.Equal(ips[address.TargetRef.Name], address.Ip);
            Assert.StartsWith("sim-node-", address.NodeName, StringComparison.Ordinal);
        });
        Assert.Equal("frontend", endpoints.Metadata.Labels["tier"]);
        var table = await _cluster.Server.Kubectl.OkAsync($"get endpoints web -n {_cluster.Namespace} --no-headers");
        foreach (var ip in ips.Values)
        {
            Assert.Contains($"{ip}:8080", table, StringComparison.Ordinal);
        }

        await Wait.UntilAsync(
            async () => await _cluster.SliceEndpointsAsync("web") is { Count: 3 } all && all.Values.All(e => e.Conditions?.Ready == true),
            EndpointCluster.Patience,
            "three ready endpoints in the slice");
        var slice = Assert.Single(await _cluster.SlicesAsync("web"));
        Assert.StartsWith("web-", slice.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal("IPv4", slice.AddressType);
        Assert.Equal("endpointslice-controller.k8s.io", slice.Metadata.Labels["endpointslice.kubernetes.io/managed-by"]);
        var owner = Assert.Single(slice.Metadata.OwnerReferences);
        Assert.Equal("Service", owner.Kind);
        Assert.Equal("web", owner.Name);
        Assert.True(owner.Controller);
        var slicePort = Assert.Single(slice.Ports);
        Assert.Equal("http", slicePort.Name);
        Assert.Equal(8080, slicePort.Port);
        Assert.All(slice.Endpoints, endpoint =>
        {
            Assert.Equal(ips[endpoint.TargetRef.Name], Assert.Single(endpoint.Addresses));
            Assert.True(endpoint.Conditions.Serving);
            Assert.False(endpoint.Conditions.Terminating);
            Assert.StartsWith("zone-", endpoint.Zone, StringComparison.Ordinal);
        });

        // A failing readiness probe: the pod moves to the not-ready addresses, and is neither ready nor serving.
        await _cluster.SetNotReadyAsync("web-0");
        await EndpointsWhereAsync(e => NotReady(e).SetEquals([ips["web-0"]]) && Ready(e).SetEquals([ips["web-1"], ips["web-2"]]), "web-0 among the not-ready addresses");
        var notReady = await SliceEndpointWhereAsync("web-0", e => e.Conditions.Ready == false);
        Assert.False(notReady.Conditions.Serving);
        Assert.False(notReady.Conditions.Terminating);

        // Deleted but held by a finalizer: gone from the Endpoints, terminating (and still serving) in the slice.
        await _cluster.DeleteAndHoldAsync("web-1");
        var terminating = await SliceEndpointWhereAsync("web-1", e => e.Conditions.Terminating == true);
        Assert.False(terminating.Conditions.Ready);
        Assert.True(terminating.Conditions.Serving);
        await EndpointsWhereAsync(e => Ready(e).SetEquals([ips["web-2"]]) && NotReady(e).SetEquals([ips["web-0"]]), "web-1 to leave the Endpoints");

        await _cluster.ReleaseAsync("web-1");
        await Wait.UntilAsync(
            async () => !(await _cluster.SliceEndpointsAsync("web")).ContainsKey("web-1"),
            EndpointCluster.Patience,
            "web-1 to leave the slice");
        Assert.Equal(["web-0", "web-2"], (await _cluster.SliceEndpointsAsync("web")).Keys.Order(StringComparer.Ordinal));

        // The Service goes, and its Endpoints with it.
        await _cluster.Client.CoreV1.DeleteNamespacedServiceAsync("web", _cluster.Namespace);
        await Wait.UntilAsync(async () => await _cluster.EndpointsAsync("web") is null, EndpointCluster.Patience, "the Endpoints to be deleted with the Service");
    }

    private async Task<V1Endpoints> EndpointsWhereAsync(Func<V1Endpoints, bool> condition, string what)
    {
        V1Endpoints? found = null;
        await Wait.UntilAsync(async () => (found = await _cluster.EndpointsAsync("web")) is { } endpoints && condition(endpoints), EndpointCluster.Patience, what);
        return found!;
    }

    private async Task<V1Endpoint> SliceEndpointWhereAsync(string pod, Func<V1Endpoint, bool> condition)
    {
        V1Endpoint? found = null;
        await Wait.UntilAsync(
            async () => (await _cluster.SliceEndpointsAsync("web")).TryGetValue(pod, out found) && condition(found),
            EndpointCluster.Patience,
            $"the slice endpoint of {pod} to change");
        return found!;
    }

    private static HashSet<string> Ready(V1Endpoints endpoints) =>
        [.. (endpoints.Subsets ?? []).SelectMany(s => s.Addresses ?? []).Select(a => a.Ip)];

    private static HashSet<string> NotReady(V1Endpoints endpoints) =>
        [.. (endpoints.Subsets ?? []).SelectMany(s => s.NotReadyAddresses ?? []).Select(a => a.Ip)];
}
