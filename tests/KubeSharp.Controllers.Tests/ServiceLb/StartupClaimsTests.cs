using k8s.Models;
using KubeSharp.Api.Networking;
using KubeSharp.Controllers.ServiceLb;

namespace KubeSharp.Controllers.Tests.ServiceLb;

public sealed class StartupClaimsTests
{
    private static readonly DateTime Earlier = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Later = Earlier.AddMinutes(5);

    private readonly IpAllocator _allocator = new(LoadBalancerPool.Parse("10.0.0.0/28")!, _ => { });

    [Fact]
    public void Every_service_keeps_the_pool_address_its_status_shows()
    {
        var conflicts = StartupClaims.Apply(_allocator, [Service("a", Earlier, "10.0.0.5"), Service("b", Later, "10.0.0.9")]);

        Assert.Empty(conflicts);
        Assert.Equal("10.0.0.5", Held("ns/a"));
        Assert.Equal("10.0.0.9", Held("ns/b"));
    }

    [Fact]
    public void The_older_service_keeps_an_address_two_show_whatever_their_names()
    {
        var conflicts = StartupClaims.Apply(_allocator, [Service("a-newer", Later, "10.0.0.5"), Service("z-older", Earlier, "10.0.0.5")]);

        Assert.Equal("10.0.0.5", Held("ns/z-older"));
        Assert.Null(_allocator.AddressOf("ns/a-newer"));
        var conflict = Assert.Single(conflicts);
        Assert.Equal("ns/a-newer", conflict.Key);
        Assert.Equal("10.0.0.5", conflict.Ip);
    }

    [Fact]
    public void Between_services_of_the_same_age_the_name_decides()
    {
        StartupClaims.Apply(_allocator, [Service("beta", Earlier, "10.0.0.5"), Service("alpha", Earlier, "10.0.0.5")]);

        Assert.Equal("10.0.0.5", Held("ns/alpha"));
        Assert.Null(_allocator.AddressOf("ns/beta"));
    }

    [Fact]
    public void Addresses_outside_the_pool_and_services_not_handled_are_not_claimed()
    {
        var foreign = Service("foreign", Earlier, "10.0.0.5");
        foreign.Spec.LoadBalancerClass = "example.com/other";
        var clusterIp = Service("plain", Earlier, "10.0.0.6");
        clusterIp.Spec.Type = "ClusterIP";

        var conflicts = StartupClaims.Apply(_allocator, [foreign, clusterIp, Service("outside", Earlier, "192.168.1.1")]);

        Assert.Empty(conflicts);
        Assert.Null(_allocator.AddressOf("ns/foreign"));
        Assert.Null(_allocator.AddressOf("ns/plain"));
        Assert.Null(_allocator.AddressOf("ns/outside"));
        Assert.True(_allocator.Claim("ns/other", Address("10.0.0.5")));
    }

    private string? Held(string key) => _allocator.AddressOf(key) is { } address ? Ipv4Cidr.Format(address) : null;

    private static V1Service Service(string name, DateTime created, string ip) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ns", CreationTimestamp = created },
        Spec = new V1ServiceSpec { Type = "LoadBalancer" },
        Status = new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus { Ingress = [new V1LoadBalancerIngress { Ip = ip, IpMode = "VIP" }] } },
    };

    private static uint Address(string text) => LoadBalancerPool.TryParseAddress(text, out var address) ? address : throw new ArgumentException(text);
}
