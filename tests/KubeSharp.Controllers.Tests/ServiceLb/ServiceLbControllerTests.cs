using k8s;
using k8s.Models;
using KubeSharp.Controllers.ServiceLb;
using KubeSharp.TestSupport;

namespace KubeSharp.Controllers.Tests.ServiceLb;

/// <summary>The service load-balancer controller against a real API server: what each Service ends up showing, and the events it hears.</summary>
public sealed class ServiceLbControllerTests : IAsyncLifetime
{
    private const string Pool = "192.168.227.240/28";
    private const string OneAddress = "192.168.227.250/32";

    private ServiceLbCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ServiceLbCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Services_get_the_lowest_free_addresses_with_an_event_told_once()
    {
        _cluster.StartController(Pool);

        await _cluster.CreateServiceAsync("web");
        await _cluster.WaitForIngressAsync("web", "192.168.227.241");
        await _cluster.CreateServiceAsync("api");
        await _cluster.WaitForIngressAsync("api", "192.168.227.242");

        var allocated = await _cluster.WaitForEventAsync("web", "IPAllocated");
        Assert.Equal("Normal", allocated.Type);
        Assert.Equal("Assigned IP 192.168.227.241", allocated.Message);

        // A change that leaves the address alone tells nothing new; the next Service's event shows the change was seen.
        await _cluster.Client.CoreV1.PatchNamespacedServiceAsync(
            new V1Patch("""{"metadata":{"labels":{"touched":"yes"}}}""", V1Patch.PatchType.MergePatch), "web", _cluster.Namespace);
        await _cluster.CreateServiceAsync("late");
        await _cluster.WaitForIngressAsync("late", "192.168.227.243");
        await _cluster.WaitForEventAsync("late", "IPAllocated");
        Assert.Equal(1, Assert.Single(await _cluster.EventsAsync("web", "IPAllocated")).Count);
        Assert.Equal(["192.168.227.241"], await _cluster.IngressIpsAsync("web"));
    }

    [Fact]
    public async Task A_requested_address_is_given_when_free_and_refused_with_a_warning_when_taken_or_outside_the_pool()
    {
        _cluster.StartController(Pool);

        await _cluster.CreateServiceAsync("first", annotatedIp: "192.168.227.250");
        await _cluster.WaitForIngressAsync("first", "192.168.227.250");
        await _cluster.CreateServiceAsync("second", loadBalancerIp: "192.168.227.250");
        await _cluster.CreateServiceAsync("outside", annotatedIp: "192.168.1.5");
        await _cluster.CreateServiceAsync("any");
        await _cluster.WaitForIngressAsync("any", "192.168.227.241");

        var taken = await _cluster.WaitForEventAsync("second", "AllocationFailed");
        Assert.Equal("Warning", taken.Type);
        Assert.Equal($"192.168.227.250 is already used by {_cluster.Namespace}/first", taken.Message);
        var outside = await _cluster.WaitForEventAsync("outside", "AllocationFailed");
        Assert.Equal("Warning", outside.Type);
        Assert.Equal("192.168.1.5 is not in the pool 192.168.227.240/28", outside.Message);
        Assert.Empty(await _cluster.IngressIpsAsync("second"));
        Assert.Empty(await _cluster.IngressIpsAsync("outside"));
    }

    [Fact]
    public async Task Without_a_pool_services_stay_pending_with_a_NoPool_warning()
    {
        _cluster.StartController(null);

        await _cluster.CreateServiceAsync("web");

        var warning = await _cluster.WaitForEventAsync("web", "NoPool");
        Assert.Equal("Warning", warning.Type);
        Assert.Equal("no load-balancer pool is configured (kubesharp server --lb-pool)", warning.Message);
        Assert.Empty(await _cluster.IngressIpsAsync("web"));
    }

    [Fact]
    public async Task Services_of_another_class_are_left_alone_and_their_addresses_not_counted()
    {
        await _cluster.CreateServiceAsync("other", loadBalancerClass: "example.com/other-lb");
        var written = await _cluster.WriteIngressAsync("other", "192.168.227.241");
        _cluster.StartController(Pool);

        await _cluster.CreateServiceAsync("mine");
        await _cluster.WaitForIngressAsync("mine", "192.168.227.241");

        var other = await _cluster.ReadServiceAsync("other");
        Assert.Equal(written.Metadata.ResourceVersion, other.Metadata.ResourceVersion);
        Assert.Equal(["192.168.227.241"], await _cluster.IngressIpsAsync("other"));
        Assert.Empty(await _cluster.EventsAsync("other"));
    }

    [Fact]
    public async Task A_deleted_services_address_goes_to_the_service_waiting_for_one()
    {
        _cluster.StartController(OneAddress);

        await _cluster.CreateServiceAsync("first");
        await _cluster.WaitForIngressAsync("first", "192.168.227.250");
        await _cluster.CreateServiceAsync("second");
        var full = await _cluster.WaitForEventAsync("second", "AllocationFailed");
        Assert.Equal("no free address in the pool 192.168.227.250/32", full.Message);
        Assert.Empty(await _cluster.IngressIpsAsync("second"));

        await _cluster.Client.CoreV1.DeleteNamespacedServiceAsync("first", _cluster.Namespace);

        await _cluster.WaitForIngressAsync("second", "192.168.227.250");
        var allocated = await _cluster.WaitForEventAsync("second", "IPAllocated");
        Assert.Equal("Assigned IP 192.168.227.250", allocated.Message);
    }

    [Fact]
    public async Task A_service_that_stops_being_a_load_balancer_loses_its_status_and_frees_its_address()
    {
        _cluster.StartController(OneAddress);
        await _cluster.CreateServiceAsync("web");
        await _cluster.WaitForIngressAsync("web", "192.168.227.250");
        await _cluster.CreateServiceAsync("queued");
        await _cluster.WaitForEventAsync("queued", "AllocationFailed");

        await _cluster.Client.CoreV1.PatchNamespacedServiceAsync(
            new V1Patch("""{"spec":{"type":"NodePort","allocateLoadBalancerNodePorts":null}}""", V1Patch.PatchType.MergePatch), "web", _cluster.Namespace);

        await Wait.UntilAsync(async () => (await _cluster.IngressIpsAsync("web")).Count == 0, ServiceLbCluster.Patience, "web's load-balancer status to be cleared");
        await _cluster.WaitForIngressAsync("queued", "192.168.227.250");
        Assert.Equal("NodePort", (await _cluster.ReadServiceAsync("web")).Spec.Type);
    }

    [Fact]
    public async Task A_restarted_controller_keeps_the_addresses_statuses_show_and_the_older_service_wins_a_conflict()
    {
        _cluster.StartController(Pool);
        await _cluster.CreateServiceAsync("alpha", annotatedIp: "192.168.227.245");
        await _cluster.WaitForIngressAsync("alpha", "192.168.227.245");
        await _cluster.CreateServiceAsync("beta");
        await _cluster.WaitForIngressAsync("beta", "192.168.227.241");
        await _cluster.StopControllerAsync();

        // alpha no longer asks for its address, and beta shows alpha's, as after a restore of an old backup.
        var alpha = await _cluster.Client.CoreV1.PatchNamespacedServiceAsync(
            new V1Patch("{\"metadata\":{\"annotations\":{\"" + ServiceLbController.LoadBalancerIpAnnotation + "\":null}}}", V1Patch.PatchType.MergePatch),
            "alpha",
            _cluster.Namespace);
        await _cluster.WriteIngressAsync("beta", "192.168.227.245");
        _cluster.StartController(Pool);

        await _cluster.WaitForIngressAsync("beta", "192.168.227.241");
        var after = await _cluster.ReadServiceAsync("alpha");
        Assert.Equal(alpha.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
        Assert.Equal(["192.168.227.245"], await _cluster.IngressIpsAsync("alpha"));
    }
}
