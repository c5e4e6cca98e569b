using k8s.Models;
using KubeSharp.Controllers.Endpoint;
using static KubeSharp.Controllers.Tests.Endpoint.EndpointTestObjects;

namespace KubeSharp.Controllers.Tests.Endpoint;

/// <summary>What a Service's Endpoints say about the pods it selects.</summary>
public sealed class EndpointSubsetsTests
{
    [Fact]
    public void Ready_pods_are_addresses_and_the_others_not_ready_addresses()
    {
        var subsets = EndpointSubsets.For(NewService(), [NewPod("a", "10.42.0.2"), NewPod("b", "10.42.0.3", ready: false), NewPod("c", "10.42.1.2", node: "node-b")]);

        var subset = Assert.Single(subsets);
        Assert.Equal(["10.42.0.2", "10.42.1.2"], subset.Addresses.Select(a => a.Ip));
        Assert.Equal("10.42.0.3", Assert.Single(subset.NotReadyAddresses).Ip);
        var port = Assert.Single(subset.Ports);
        Assert.Equal("http", port.Name);
        Assert.Equal(8080, port.Port);
        Assert.Equal("TCP", port.Protocol);

        var address = subset.Addresses[1];
        Assert.Equal("node-b", address.NodeName);
        Assert.Equal("Pod", address.TargetRef.Kind);
        Assert.Equal("c", address.TargetRef.Name);
        Assert.Equal(TestNamespace, address.TargetRef.NamespaceProperty);
        Assert.Equal("uid-c", address.TargetRef.Uid);
    }

    [Fact]
    public void Terminating_finished_and_addressless_pods_are_left_out()
    {
        var finished = NewPod("finished", "10.42.0.4");
        finished.Status.Phase = "Succeeded";
        var pending = NewPod("pending", "unused");
        pending.Status.PodIP = null;
        pending.Status.PodIPs = null;

        var subsets = EndpointSubsets.For(NewService(), [NewPod("a", "10.42.0.2"), NewPod("going", "10.42.0.3", terminating: true), finished, pending]);

        Assert.Equal("10.42.0.2", Assert.Single(Assert.Single(subsets).Addresses).Ip);
    }

    [Fact]
    public void Publish_not_ready_addresses_lists_every_pod_as_ready_even_terminating_ones()
    {
        var subsets = EndpointSubsets.For(NewService(publishNotReady: true), [NewPod("a", "10.42.0.2", ready: false), NewPod("going", "10.42.0.3", terminating: true)]);

        var subset = Assert.Single(subsets);
        Assert.Equal(["10.42.0.2", "10.42.0.3"], subset.Addresses.Select(a => a.Ip));
        Assert.Null(subset.NotReadyAddresses);
    }

    [Fact]
    public void A_pod_without_a_named_port_is_left_out_of_that_port_only()
    {
        var service = NewService(false, NewServicePort("http", "http"), NewServicePort("metrics", "metrics", 9100));
        var both = NewPod("a", "10.42.0.2", ports: [NewContainerPort("http", 8080), NewContainerPort("metrics", 9100)]);
        var webOnly = NewPod("b", "10.42.0.3");

        var subsets = EndpointSubsets.For(service, [both, webOnly]);

        Assert.Equal(2, subsets.Count);
        var http = Assert.Single(subsets, s => s.Ports.Single().Name == "http");
        var metrics = Assert.Single(subsets, s => s.Ports.Single().Name == "metrics");
        Assert.Equal(["10.42.0.2", "10.42.0.3"], http.Addresses.Select(a => a.Ip));
        Assert.Equal("10.42.0.2", Assert.Single(metrics.Addresses).Ip);
    }

    [Fact]
    public void A_headless_service_without_ports_lists_addresses_alone()
    {
        var service = NewService();
        service.Spec.ClusterIP = "None";
        service.Spec.Ports = null;

        var subset = Assert.Single(EndpointSubsets.For(service, [NewPod("a", "10.42.0.2")]));

        Assert.Equal("10.42.0.2", Assert.Single(subset.Addresses).Ip);
        Assert.Null(subset.Ports);
    }

    [Fact]
    public void A_pod_in_the_services_subdomain_is_published_under_its_hostname()
    {
        var pod = NewPod("a", "10.42.0.2");
        pod.Spec.Hostname = "web-0";
        pod.Spec.Subdomain = "web";

        var address = Assert.Single(Assert.Single(EndpointSubsets.For(NewService(), [pod])).Addresses);

        Assert.Equal("web-0", address.Hostname);
    }

    [Fact]
    public void Only_addresses_of_the_services_family_are_used()
    {
        var pod = NewPod("a", "10.42.0.2");
        pod.Status.PodIPs = [new V1PodIP { Ip = "fd00:42::2" }, new V1PodIP { Ip = "10.42.0.2" }];
        var service = NewService();
        service.Spec.IpFamilies = ["IPv6"];

        var address = Assert.Single(Assert.Single(EndpointSubsets.For(service, [pod])).Addresses);

        Assert.Equal("fd00:42::2", address.Ip);
    }
}
