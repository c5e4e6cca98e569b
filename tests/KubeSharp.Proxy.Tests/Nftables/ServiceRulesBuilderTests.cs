using k8s.Models;
using KubeSharp.Proxy.Health;
using KubeSharp.Proxy.Nftables;
using KubeSharp.Proxy.Services;
using static KubeSharp.Proxy.Tests.Fakes.Objects;

namespace KubeSharp.Proxy.Tests.Nftables;

public sealed class ServiceRulesBuilderTests
{
    private const string Web = "SUSTUHLJ5NERIIXD-default/web/tcp/http";
    private const string Masquerade = "meta mark set meta mark | 0x4000";

    [Fact]
    public void A_cluster_ip_with_two_endpoints_takes_turns_between_them()
    {
        var rules = Build(WebService(), WebSlice(Endpoint("10.42.1.5"), Endpoint("10.42.0.5", ThisNode)));

        var chain = Assert.Single(rules.Chains);
        Assert.Equal("svc-" + Web, chain.Name);
        Assert.Equal(
            [
                "numgen inc mod 2 0 meta l4proto tcp dnat to 10.42.0.5:8080",
                "meta l4proto tcp dnat to 10.42.1.5:8080",
            ],
            chain.Rules);
        Assert.Equal([new NftElement("service-ips", "10.43.0.10 . tcp . 80", "goto svc-" + Web)], rules.Elements);
        Assert.Equal(["10.42.0.5", "10.42.1.5"], rules.HairpinIps);
        Assert.Empty(rules.AffinitySets);
        Assert.Equal(1, rules.PortCount);
    }

    [Fact]
    public void Random_mode_picks_with_numgen_random()
    {
        var rules = Build(WebService(), WebSlice(Endpoint("10.42.0.5"), Endpoint("10.42.0.6"), Endpoint("10.42.0.7")), LoadBalancingMode.Random);

        Assert.Equal(
            [
                "numgen random mod 3 0 meta l4proto tcp dnat to 10.42.0.5:8080",
                "numgen random mod 2 0 meta l4proto tcp dnat to 10.42.0.6:8080",
                "meta l4proto tcp dnat to 10.42.0.7:8080",
            ],
            Assert.Single(rules.Chains).Rules);
    }

    [Fact]
    public void Without_endpoints_the_cluster_ip_is_rejected_and_has_no_chain()
    {
        var rules = Build(WebService());

        Assert.Empty(rules.Chains);
        Assert.Equal([new NftElement("no-endpoint-services", "10.43.0.10 . tcp . 80", "goto reject-chain")], rules.Elements);
        Assert.Empty(rules.HairpinIps);
    }

    [Fact]
    public void Terminating_endpoints_that_still_serve_are_used_only_when_none_is_ready()
    {
        var terminatingOnly = Build(
            WebService(),
            WebSlice(
                Endpoint("10.42.0.5", ready: false, serving: true, terminating: true),
                Endpoint("10.42.0.6", ready: false, serving: false, terminating: true),
                Endpoint("10.42.0.7", ready: false, serving: false)));
        var withReady = Build(
            WebService(),
            WebSlice(Endpoint("10.42.0.5", ready: false, serving: true, terminating: true), Endpoint("10.42.0.8", ready: null)));

        Assert.Equal(["meta l4proto tcp dnat to 10.42.0.5:8080"], Assert.Single(terminatingOnly.Chains).Rules);
        Assert.Equal(["meta l4proto tcp dnat to 10.42.0.8:8080"], Assert.Single(withReady.Chains).Rules);
    }

    [Fact]
    public void The_slice_port_of_the_same_name_and_protocol_gives_the_target_port()
    {
        var service = Service("web", "10.43.0.10", Port("http", 80), Port("metrics", 9090));
        var slice = Slice(
            "web",
            "web-abc",
            [Endpoint("10.42.0.5")],
            SlicePort("metrics", 9100),
            SlicePort("http", 8080, "UDP"),
            SlicePort("http", 8081));

        var rules = Build(service, slice);

        var http = Assert.Single(rules.Chains, c => c.Name == "svc-" + Web);
        Assert.Equal("meta l4proto tcp dnat to 10.42.0.5:8081", http.Rules[^1]);
        var metrics = Assert.Single(rules.Chains, c => c.Name != http.Name);
        Assert.Equal("meta l4proto tcp dnat to 10.42.0.5:9100", metrics.Rules[^1]);
        Assert.Equal(["10.42.0.5"], rules.HairpinIps);
        Assert.Equal(2, rules.PortCount);
    }

    [Fact]
    public void Endpoints_in_several_slices_count_once()
    {
        var rules = Build(
            WebService(),
            WebSlice(Endpoint("10.42.0.6"), Endpoint("10.42.0.5")),
            Slice("web", "web-def", [Endpoint("10.42.0.5")], SlicePort("http", 8080)));

        Assert.Equal(
            ["numgen inc mod 2 0 meta l4proto tcp dnat to 10.42.0.5:8080", "meta l4proto tcp dnat to 10.42.0.6:8080"],
            Assert.Single(rules.Chains).Rules);
    }

    [Fact]
    public void A_node_port_goes_to_the_external_chain_which_masquerades()
    {
        var service = WebService(nodePort: 30080);
        service.Spec.Type = "NodePort";

        var rules = Build(service, WebSlice(Endpoint("10.42.0.5")));

        Assert.Equal(
            [
                new NftElement("service-ips", "10.43.0.10 . tcp . 80", "goto svc-" + Web),
                new NftElement("service-nodeports", "tcp . 30080", "goto ext-" + Web),
            ],
            rules.Elements);
        Assert.Equal([$"{Masquerade} goto svc-{Web}"], Assert.Single(rules.Chains, c => c.Name == "ext-" + Web).Rules);
    }

    [Fact]
    public void A_node_port_without_endpoints_is_rejected()
    {
        var service = WebService(nodePort: 30080);
        service.Spec.Type = "NodePort";

        var rules = Build(service);

        Assert.Empty(rules.Chains);
        Assert.Equal(
            [
                new NftElement("no-endpoint-services", "10.43.0.10 . tcp . 80", "goto reject-chain"),
                new NftElement("no-endpoint-nodeports", "tcp . 30080", "goto reject-chain"),
            ],
            rules.Elements);
    }

    [Fact]
    public void Load_balancer_source_ranges_put_a_firewall_chain_before_the_external_chain()
    {
        var service = WebService(nodePort: 30080);
        service.Spec.Type = "LoadBalancer";
        service.Spec.LoadBalancerSourceRanges = ["192.168.0.0/16", " 10.1.2.3/32 ", "2001:db8::/32"];
        service.Status = new V1ServiceStatus
        {
            LoadBalancer = new V1LoadBalancerStatus
            {
                Ingress = [new V1LoadBalancerIngress { Ip = "192.0.2.10" }, new V1LoadBalancerIngress { Ip = "192.0.2.11", IpMode = "Proxy" }],
            },
        };

        var rules = Build(service, WebSlice(Endpoint("10.42.0.5")));

        Assert.Equal(
            [
                new NftElement("service-ips", "10.43.0.10 . tcp . 80", "goto svc-" + Web),
                new NftElement("service-ips", "192.0.2.10 . tcp . 80", "goto fw-" + Web),
                new NftElement("service-nodeports", "tcp . 30080", "goto ext-" + Web),
            ],
            rules.Elements);
        Assert.Equal(
            ["ip saddr != { 192.168.0.0/16, 10.1.2.3/32 } drop", "goto ext-" + Web],
            Assert.Single(rules.Chains, c => c.Name == "fw-" + Web).Rules);
        Assert.Equal(["192.0.2.10"], rules.LoadBalancerIps);
    }

    [Fact]
    public void External_ips_go_to_the_external_chain()
    {
        var service = WebService();
        service.Spec.ExternalIPs = ["203.0.113.7", "2001:db8::7"];

        var rules = Build(service, WebSlice(Endpoint("10.42.0.5")));

        Assert.Contains(new NftElement("service-ips", "203.0.113.7 . tcp . 80", "goto ext-" + Web), rules.Elements);
        Assert.Equal(2, rules.Elements.Count);
        Assert.Equal(["svc-" + Web, "ext-" + Web], rules.Chains.Select(c => c.Name));
    }

    [Fact]
    public void External_traffic_policy_local_sends_outside_traffic_to_local_endpoints_only()
    {
        var service = WebService(nodePort: 30080);
        service.Spec.Type = "NodePort";
        service.Spec.ExternalTrafficPolicy = "Local";

        var rules = Build(service, WebSlice(Endpoint("10.42.0.5", ThisNode), Endpoint("10.42.1.5")));

        Assert.Equal(
            [$"ip saddr 10.42.0.0/16 goto svc-{Web}", $"fib saddr type local {Masquerade} goto svc-{Web}", "goto local-" + Web],
            Assert.Single(rules.Chains, c => c.Name == "ext-" + Web).Rules);
        Assert.Equal(["meta l4proto tcp dnat to 10.42.0.5:8080"], Assert.Single(rules.Chains, c => c.Name == "local-" + Web).Rules);
        Assert.Equal(2, Assert.Single(rules.Chains, c => c.Name == "svc-" + Web).Rules.Count);
        Assert.DoesNotContain(rules.Elements, e => e.Map.StartsWith("no-endpoint", StringComparison.Ordinal));
    }

    [Fact]
    public void External_traffic_policy_local_without_local_endpoints_drops_outside_traffic()
    {
        var service = WebService(nodePort: 30080);
        service.Spec.Type = "LoadBalancer";
        service.Spec.ExternalTrafficPolicy = "Local";
        service.Spec.HealthCheckNodePort = 32000;

        var rules = Build(service, WebSlice(Endpoint("10.42.1.5")));

        Assert.Equal("drop", Assert.Single(rules.Chains, c => c.Name == "ext-" + Web).Rules[^1]);
        Assert.DoesNotContain(rules.Chains, c => c.Name == "local-" + Web);
        Assert.Contains(new NftElement("service-nodeports", "tcp . 30080", "goto ext-" + Web), rules.Elements);
        Assert.Contains(new NftElement("no-endpoint-nodeports", "tcp . 30080", "drop"), rules.Elements);
        Assert.Equal((32000, new HealthCheckTarget("default", "web", 0)), rules.HealthCheck);
    }

    [Fact]
    public void The_health_check_counts_ready_local_endpoint_ips()
    {
        var service = Service("web", "10.43.0.10", Port("http", 80, nodePort: 30080), Port("https", 443, nodePort: 30443));
        service.Spec.Type = "LoadBalancer";
        service.Spec.ExternalTrafficPolicy = "Local";
        service.Spec.HealthCheckNodePort = 32000;
        var slice = Slice(
            "web",
            "web-abc",
            [Endpoint("10.42.0.5", ThisNode), Endpoint("10.42.0.6", ThisNode, ready: false, serving: true, terminating: true), Endpoint("10.42.1.5")],
            SlicePort("http", 8080),
            SlicePort("https", 8443));

        var rules = Build(service, slice);

        Assert.Equal((32000, new HealthCheckTarget("default", "web", 1)), rules.HealthCheck);
    }

    [Fact]
    public void Internal_traffic_policy_local_sends_the_cluster_ip_to_local_endpoints_only()
    {
        var service = WebService();
        service.Spec.InternalTrafficPolicy = "Local";

        var withLocal = Build(service, WebSlice(Endpoint("10.42.0.5", ThisNode), Endpoint("10.42.1.5")));
        var withoutLocal = Build(service, WebSlice(Endpoint("10.42.1.5")));

        var chain = Assert.Single(withLocal.Chains);
        Assert.Equal("local-" + Web, chain.Name);
        Assert.Equal(["meta l4proto tcp dnat to 10.42.0.5:8080"], chain.Rules);
        Assert.Equal([new NftElement("service-ips", "10.43.0.10 . tcp . 80", "goto local-" + Web)], withLocal.Elements);
        Assert.Empty(withoutLocal.Chains);
        Assert.Equal([new NftElement("no-endpoint-services", "10.43.0.10 . tcp . 80", "drop")], withoutLocal.Elements);
    }

    [Fact]
    public void Client_ip_affinity_keeps_a_set_per_endpoint_and_sends_known_clients_back()
    {
        var service = WebService();
        service.Spec.SessionAffinity = "ClientIP";
        service.Spec.SessionAffinityConfig = new V1SessionAffinityConfig { ClientIP = new V1ClientIPConfig { TimeoutSeconds = 60 } };
        var first = $"aff-{Web}-10.42.0.5-8080";
        var second = $"aff-{Web}-10.42.1.5-8080";

        var rules = Build(service, WebSlice(Endpoint("10.42.0.5"), Endpoint("10.42.1.5")));

        Assert.Equal([new AffinitySet(first, 60), new AffinitySet(second, 60)], rules.AffinitySets);
        Assert.Equal(
            [
                $"ip saddr @{first} update @{first} {{ ip saddr }} meta l4proto tcp dnat to 10.42.0.5:8080",
                $"ip saddr @{second} update @{second} {{ ip saddr }} meta l4proto tcp dnat to 10.42.1.5:8080",
                $"numgen inc mod 2 0 update @{first} {{ ip saddr }} meta l4proto tcp dnat to 10.42.0.5:8080",
                $"update @{second} {{ ip saddr }} meta l4proto tcp dnat to 10.42.1.5:8080",
            ],
            Assert.Single(rules.Chains).Rules);
    }

    [Fact]
    public void Client_ip_affinity_defaults_to_three_hours()
    {
        var service = WebService();
        service.Spec.SessionAffinity = "ClientIP";

        var rules = Build(service, WebSlice(Endpoint("10.42.0.5")));

        Assert.Equal(10800, Assert.Single(rules.AffinitySets).TimeoutSeconds);
    }

    [Fact]
    public void Udp_and_sctp_ports_match_their_protocol()
    {
        var service = Service("dns", "10.43.0.10", Port("dns", 53, "UDP"), Port("sig", 9, "SCTP"));
        var slice = Slice("dns", "dns-abc", [Endpoint("10.42.0.5")], SlicePort("dns", 53, "UDP"), SlicePort("sig", 2905, "SCTP"));
        var dns = ServicePortId.For("default", "dns", "udp", "dns");
        var sig = ServicePortId.For("default", "dns", "sctp", "sig");

        var rules = Build(service, slice);

        Assert.Equal(
            ["meta l4proto udp dnat to 10.42.0.5:53"],
            Assert.Single(rules.Chains, c => c.Name == "svc-" + dns).Rules);
        Assert.Equal(
            ["meta l4proto sctp dnat to 10.42.0.5:2905"],
            Assert.Single(rules.Chains, c => c.Name == "svc-" + sig).Rules);
        Assert.Contains(new NftElement("service-ips", "10.43.0.10 . sctp . 9", "goto svc-" + sig), rules.Elements);
    }

    [Theory]
    [InlineData("ClusterIP", "None")]
    [InlineData("ClusterIP", "")]
    [InlineData("ExternalName", "")]
    [InlineData("ClusterIP", "fd00::10")]
    public void Headless_external_name_and_ipv6_services_get_nothing(string type, string clusterIp)
    {
        var service = Service("web", clusterIp, Port("http", 80));
        service.Spec.Type = type;

        var rules = Build(service, WebSlice(Endpoint("10.42.0.5")));

        Assert.Equal(0, rules.PortCount);
        Assert.Empty(rules.Chains);
        Assert.Empty(rules.Elements);
    }

    private static ServiceRules Build(V1Service service, params V1EndpointSlice[] slices) => Build(service, slices, LoadBalancingMode.RoundRobin);

    private static ServiceRules Build(V1Service service, V1EndpointSlice slice, LoadBalancingMode mode) => Build(service, [slice], mode);

    private static ServiceRules Build(V1Service service, V1EndpointSlice[] slices, LoadBalancingMode mode) =>
        new ServiceRulesBuilder(Options(mode)).Build(service, slices);

    private static V1Service WebService(int? nodePort = null) => Service("web", "10.43.0.10", Port("http", 80, nodePort: nodePort));

    private static V1EndpointSlice WebSlice(params V1Endpoint[] endpoints) => Slice("web", "web-abc", endpoints, SlicePort("http", 8080));
}
