using k8s;
using k8s.Autorest;
using k8s.Models;

namespace KubeSharp.ApiServer.Tests.Client;

/// <summary>ClusterIPs from --service-cidr and NodePorts from the node port range: allocated, honoured when free, refused when taken, released on delete.</summary>
public sealed class ServiceAllocationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private Kubernetes Client() => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.Server.Kubeconfig));

    [Fact]
    public async Task The_kubernetes_service_has_the_first_address_and_points_at_the_server()
    {
        using var client = Client();

        var service = await client.CoreV1.ReadNamespacedServiceAsync("kubernetes", "default");
        var endpoints = await client.CoreV1.ReadNamespacedEndpointsAsync("kubernetes", "default");

        Assert.Equal("10.43.0.1", service.Spec.ClusterIP);
        Assert.Equal(443, service.Spec.Ports[0].Port);
        Assert.Equal("127.0.0.1", endpoints.Subsets[0].Addresses[0].Ip);
        Assert.Equal(new Uri(fixture.Server.ServerUrl()).Port, endpoints.Subsets[0].Ports[0].Port);
    }

    [Fact]
    public async Task Node_port_services_get_an_address_and_ports_in_range()
    {
        using var client = Client();
        var ns = await fixture.NamespaceAsync();

        var service = await client.CoreV1.CreateNamespacedServiceAsync(Service("np", type: "NodePort"), ns);

        Assert.StartsWith("10.43.", service.Spec.ClusterIP, StringComparison.Ordinal);
        Assert.Equal([service.Spec.ClusterIP], service.Spec.ClusterIPs);
        Assert.InRange(service.Spec.Ports[0].NodePort ?? 0, 30000, 32767);
    }

    [Fact]
    public async Task A_requested_address_is_honoured_refused_when_taken_and_released_on_delete()
    {
        using var client = Client();
        var ns = await fixture.NamespaceAsync();
        var first = await client.CoreV1.CreateNamespacedServiceAsync(Service("first", clusterIp: "10.43.200.7"), ns);

        var taken = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedServiceAsync(Service("second", clusterIp: "10.43.200.7"), ns));
        var outside = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedServiceAsync(Service("third", clusterIp: "10.99.0.1"), ns));
        await client.CoreV1.DeleteNamespacedServiceAsync("first", ns);
        var reused = await client.CoreV1.CreateNamespacedServiceAsync(Service("fourth", clusterIp: "10.43.200.7"), ns);

        Assert.Equal("10.43.200.7", first.Spec.ClusterIP);
        Assert.Equal(422, (int)taken.Response.StatusCode);
        Assert.Contains("failed to allocate IP 10.43.200.7: provided IP is already allocated", taken.Response.Content, StringComparison.Ordinal);
        Assert.Contains("is not in the valid range. The range of valid IPs is 10.43.0.0/16", outside.Response.Content, StringComparison.Ordinal);
        Assert.Equal("10.43.200.7", reused.Spec.ClusterIP);
    }

    [Fact]
    public async Task A_taken_node_port_is_refused_and_headless_services_get_no_address()
    {
        using var client = Client();
        var ns = await fixture.NamespaceAsync();
        await client.CoreV1.CreateNamespacedServiceAsync(Service("a", type: "NodePort", nodePort: 31555), ns);

        var taken = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedServiceAsync(Service("b", type: "NodePort", nodePort: 31555), ns));
        var headless = await client.CoreV1.CreateNamespacedServiceAsync(Service("h", clusterIp: "None"), ns);

        Assert.Contains("spec.ports[0].nodePort: Invalid value: 31555: provided port is already allocated", taken.Response.Content, StringComparison.Ordinal);
        Assert.Equal("None", headless.Spec.ClusterIP);
    }

    [Fact]
    public async Task A_load_balancer_with_local_traffic_policy_gets_a_health_check_node_port_until_it_goes_back_to_cluster()
    {
        using var client = Client();
        var ns = await fixture.NamespaceAsync();
        var service = await client.CoreV1.CreateNamespacedServiceAsync(Service("lb", type: "LoadBalancer"), ns);
        Assert.Null(service.Spec.HealthCheckNodePort);

        var local = await client.CoreV1.PatchNamespacedServiceAsync(new V1Patch("""{"spec":{"externalTrafficPolicy":"Local"}}""", V1Patch.PatchType.MergePatch), "lb", ns);
        var relabelled = await client.CoreV1.PatchNamespacedServiceAsync(new V1Patch("""{"metadata":{"labels":{"a":"b"}}}""", V1Patch.PatchType.MergePatch), "lb", ns);
        var cluster = await client.CoreV1.PatchNamespacedServiceAsync(new V1Patch("""{"spec":{"externalTrafficPolicy":"Cluster"}}""", V1Patch.PatchType.MergePatch), "lb", ns);

        Assert.InRange(local.Spec.HealthCheckNodePort ?? 0, 30000, 32767);
        Assert.NotEqual(local.Spec.Ports[0].NodePort, local.Spec.HealthCheckNodePort);
        Assert.Equal(local.Spec.HealthCheckNodePort, relabelled.Spec.HealthCheckNodePort);
        Assert.Null(cluster.Spec.HealthCheckNodePort);
    }

    private static V1Service Service(string name, string? type = null, string? clusterIp = null, int? nodePort = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1ServiceSpec
        {
            Type = type,
            ClusterIP = clusterIp,
            Selector = new Dictionary<string, string> { ["app"] = name },
            Ports = [new V1ServicePort { Port = 80, TargetPort = 8080, NodePort = nodePort }],
        },
    };
}
