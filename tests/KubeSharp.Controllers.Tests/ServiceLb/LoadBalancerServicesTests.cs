using k8s.Models;
using KubeSharp.Controllers.ServiceLb;

namespace KubeSharp.Controllers.Tests.ServiceLb;

public sealed class LoadBalancerServicesTests
{
    [Theory]
    [InlineData("LoadBalancer", null, true)]
    [InlineData("LoadBalancer", ServiceLbController.LoadBalancerClass, true)]
    [InlineData("LoadBalancer", "example.com/other", false)]
    [InlineData("NodePort", null, false)]
    [InlineData("ClusterIP", null, false)]
    public void Handles_load_balancers_of_its_class_or_none(string type, string? loadBalancerClass, bool handled)
    {
        var service = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "ns" },
            Spec = new V1ServiceSpec { Type = type, LoadBalancerClass = loadBalancerClass },
        };

        Assert.Equal(handled, LoadBalancerServices.Handles(service));
    }

    [Fact]
    public void The_annotation_is_asked_for_before_the_deprecated_field()
    {
        Assert.Equal("10.0.0.5", LoadBalancerServices.RequestedIp(Service(" 10.0.0.5 ", "10.0.0.6")));
        Assert.Equal("10.0.0.6", LoadBalancerServices.RequestedIp(Service(null, "10.0.0.6")));
        Assert.Equal("10.0.0.6", LoadBalancerServices.RequestedIp(Service("", "10.0.0.6")));
        Assert.Null(LoadBalancerServices.RequestedIp(Service(null, "")));
        Assert.Null(LoadBalancerServices.RequestedIp(Service(null, null)));
    }

    private static V1Service Service(string? annotation, string? field) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "web",
            NamespaceProperty = "ns",
            Annotations = annotation is null ? null : new Dictionary<string, string> { [ServiceLbController.LoadBalancerIpAnnotation] = annotation },
        },
        Spec = new V1ServiceSpec { Type = "LoadBalancer", LoadBalancerIP = field },
    };
}
