using KubeSharp.Controllers.EndpointSlice;
using static KubeSharp.Controllers.Tests.Endpoint.EndpointTestObjects;

namespace KubeSharp.Controllers.Tests.EndpointSlice;

/// <summary>podToEndpoint: the conditions, node, zone and reference of a pod's endpoint.</summary>
public sealed class SliceEndpointsTests
{
    [Fact]
    public void A_ready_pod_is_ready_and_serving()
    {
        var endpoint = SliceEndpoints.For(NewPod("a", "10.42.0.2"), NewNode("node-a", "zone-a"), NewService(), SliceEndpoints.IPv4);

        Assert.Equal(["10.42.0.2"], endpoint.Addresses);
        Assert.True(endpoint.Conditions.Ready);
        Assert.True(endpoint.Conditions.Serving);
        Assert.False(endpoint.Conditions.Terminating);
        Assert.Equal("node-a", endpoint.NodeName);
        Assert.Equal("zone-a", endpoint.Zone);
        Assert.Equal("Pod", endpoint.TargetRef.Kind);
        Assert.Equal("a", endpoint.TargetRef.Name);
        Assert.Equal("uid-a", endpoint.TargetRef.Uid);
    }

    [Fact]
    public void A_pod_that_is_not_ready_is_neither_ready_nor_serving()
    {
        var endpoint = SliceEndpoints.For(NewPod("a", "10.42.0.2", ready: false), NewNode("node-a", "zone-a"), NewService(), SliceEndpoints.IPv4);

        Assert.False(endpoint.Conditions.Ready);
        Assert.False(endpoint.Conditions.Serving);
        Assert.False(endpoint.Conditions.Terminating);
    }

    [Fact]
    public void A_terminating_pod_is_not_ready_but_still_serving_while_its_readiness_lasts()
    {
        var endpoint = SliceEndpoints.For(NewPod("a", "10.42.0.2", terminating: true), NewNode("node-a", "zone-a"), NewService(), SliceEndpoints.IPv4);

        Assert.False(endpoint.Conditions.Ready);
        Assert.True(endpoint.Conditions.Serving);
        Assert.True(endpoint.Conditions.Terminating);
    }

    [Fact]
    public void Publish_not_ready_addresses_makes_every_endpoint_ready()
    {
        var endpoint = SliceEndpoints.For(NewPod("a", "10.42.0.2", ready: false, terminating: true), NewNode("node-a", "zone-a"), NewService(publishNotReady: true), SliceEndpoints.IPv4);

        Assert.True(endpoint.Conditions.Ready);
        Assert.False(endpoint.Conditions.Serving);
        Assert.True(endpoint.Conditions.Terminating);
    }

    [Fact]
    public void Addresses_are_those_of_the_slices_family_in_canonical_form()
    {
        var pod = NewPod("a", "10.42.0.2");
        pod.Status.PodIPs = [new() { Ip = "10.42.0.2" }, new() { Ip = "FD00:0042:0000::2" }];

        Assert.Equal(["fd00:42::2"], SliceEndpoints.For(pod, null, NewService(), SliceEndpoints.IPv6).Addresses);
        Assert.Equal(["10.42.0.2"], SliceEndpoints.For(pod, null, NewService(), SliceEndpoints.IPv4).Addresses);
    }

    [Fact]
    public void Ports_carry_the_service_ports_name_and_the_pods_number()
    {
        var service = NewService(false, NewServicePort("web", "http"), NewServicePort("metrics", "metrics", 9100));

        var port = Assert.Single(SliceEndpoints.Ports(service, NewPod("a", "10.42.0.2")));

        Assert.Equal("web", port.Name);
        Assert.Equal(8080, port.Port);
        Assert.Equal("TCP", port.Protocol);
    }

    [Fact]
    public void Address_types_follow_the_services_ip_families()
    {
        var dual = NewService();
        dual.Spec.IpFamilies = ["IPv6", "IPv4"];
        var old = NewService();
        old.Spec.IpFamilies = null;
        var oldHeadless = NewService();
        oldHeadless.Spec.IpFamilies = null;
        oldHeadless.Spec.ClusterIP = "None";

        Assert.Equal(["IPv6", "IPv4"], SliceEndpoints.AddressTypes(dual));
        Assert.Equal(["IPv4"], SliceEndpoints.AddressTypes(old));
        Assert.Equal(["IPv4", "IPv6"], SliceEndpoints.AddressTypes(oldHeadless));
    }
}
