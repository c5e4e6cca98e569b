using k8s.Models;
using KubeSharp.Controllers.ServiceLb;

namespace KubeSharp.Controllers.Tests.ServiceLb;

public sealed class LoadBalancerStatusesTests
{
    [Fact]
    public void Shows_only_exactly_the_one_vip_entry_the_controller_writes()
    {
        Assert.True(LoadBalancerStatuses.Shows(Service(new V1LoadBalancerIngress { Ip = "10.0.0.1", IpMode = "VIP" }), "10.0.0.1"));
        Assert.True(LoadBalancerStatuses.Shows(Service(new V1LoadBalancerIngress { Ip = "10.0.0.1" }), "10.0.0.1"));

        Assert.False(LoadBalancerStatuses.Shows(Service(), "10.0.0.1"));
        Assert.False(LoadBalancerStatuses.Shows(Service(new V1LoadBalancerIngress { Ip = "10.0.0.2" }), "10.0.0.1"));
        Assert.False(LoadBalancerStatuses.Shows(Service(new V1LoadBalancerIngress { Ip = "10.0.0.1", IpMode = "Proxy" }), "10.0.0.1"));
        Assert.False(LoadBalancerStatuses.Shows(Service(new V1LoadBalancerIngress { Ip = "10.0.0.1", Hostname = "lb.example" }), "10.0.0.1"));
        Assert.False(LoadBalancerStatuses.Shows(Service(new V1LoadBalancerIngress { Ip = "10.0.0.1" }, new V1LoadBalancerIngress { Ip = "10.0.0.2" }), "10.0.0.1"));
    }

    [Fact]
    public void Ingress_ips_skip_hostname_only_entries()
    {
        var service = Service(new V1LoadBalancerIngress { Hostname = "lb.example" }, new V1LoadBalancerIngress { Ip = "10.0.0.2" });

        Assert.Equal(["10.0.0.2"], LoadBalancerStatuses.IngressIps(service));
        Assert.Empty(LoadBalancerStatuses.IngressIps(new V1Service { Metadata = new V1ObjectMeta { Name = "bare" } }));
    }

    [Fact]
    public void A_rewrite_is_a_copy_and_no_ingress_is_an_empty_load_balancer_status()
    {
        var cached = Service(new V1LoadBalancerIngress { Ip = "10.0.0.1" });
        cached.Status.Conditions = [new V1Condition { Type = "Ready", Status = "True", Reason = "Test", Message = "kept", LastTransitionTime = DateTime.UnixEpoch }];

        var written = LoadBalancerStatuses.WithIngress(cached, LoadBalancerStatuses.For("10.0.0.9"));
        var cleared = LoadBalancerStatuses.WithIngress(cached, []);

        Assert.Equal("10.0.0.9", Assert.Single(written.Status.LoadBalancer.Ingress).Ip);
        Assert.Equal("VIP", written.Status.LoadBalancer.Ingress[0].IpMode);
        Assert.Null(cleared.Status.LoadBalancer.Ingress);
        Assert.Equal("kept", Assert.Single(cleared.Status.Conditions).Message);
        Assert.Equal("10.0.0.1", Assert.Single(cached.Status.LoadBalancer.Ingress).Ip);
    }

    private static V1Service Service(params V1LoadBalancerIngress[] ingress) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "ns" },
        Spec = new V1ServiceSpec { Type = "LoadBalancer" },
        Status = new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus { Ingress = ingress.Length == 0 ? null : ingress.ToList() } },
    };
}
