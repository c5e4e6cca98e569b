using k8s.Models;
using KubeSharp.Controllers.Shared;
using static KubeSharp.Controllers.Tests.Endpoint.EndpointTestObjects;

namespace KubeSharp.Controllers.Tests.Endpoint;

/// <summary>FindPort: which pod port a Service port's targetPort means.</summary>
public sealed class TargetPortsTests
{
    [Fact]
    public void A_numeric_target_port_is_used_as_it_is()
    {
        var pod = NewPod("a", "10.42.0.2");

        Assert.Equal(9090, TargetPorts.Find(pod, NewServicePort("metrics", 9090)));
    }

    [Fact]
    public void A_named_target_port_is_looked_up_in_the_containers()
    {
        var pod = NewPod("a", "10.42.0.2", ports: [NewContainerPort("metrics", 9100), NewContainerPort("http", 8080)]);

        Assert.Equal(8080, TargetPorts.Find(pod, NewServicePort("web", "http")));
    }

    [Fact]
    public void A_pod_without_the_named_port_has_no_target()
    {
        var pod = NewPod("a", "10.42.0.2");

        Assert.Null(TargetPorts.Find(pod, NewServicePort("metrics", "metrics")));
    }

    [Fact]
    public void The_named_port_must_have_the_service_ports_protocol()
    {
        var pod = NewPod("a", "10.42.0.2", ports: [NewContainerPort("dns", 53, "UDP")]);

        Assert.Null(TargetPorts.Find(pod, NewServicePort("dns", "dns", 53, "TCP")));
        Assert.Equal(53, TargetPorts.Find(pod, NewServicePort("dns", "dns", 53, "UDP")));
    }

    [Fact]
    public void Sidecar_ports_count_but_those_of_init_containers_that_finish_do_not()
    {
        var pod = NewPod("a", "10.42.0.2");
        pod.Spec.InitContainers =
        [
            new V1Container { Name = "setup", Image = "busybox", Ports = [NewContainerPort("setup", 7000)] },
            new V1Container { Name = "proxy", Image = "envoy", RestartPolicy = "Always", Ports = [NewContainerPort("proxy", 15001)] },
        ];

        Assert.Null(TargetPorts.Find(pod, NewServicePort("setup", "setup")));
        Assert.Equal(15001, TargetPorts.Find(pod, NewServicePort("proxy", "proxy")));
    }

    [Fact]
    public void A_missing_target_port_means_the_service_port()
    {
        var port = new V1ServicePort { Name = "http", Port = 8080, Protocol = "TCP" };

        Assert.Equal(8080, TargetPorts.Find(NewPod("a", "10.42.0.2"), port));
    }
}
