using k8s.Models;
using KubeSharp.Dns.Records;
using KubeSharp.Dns.Tests.Support;
using KubeSharp.Dns.Wire;
using static KubeSharp.Dns.Tests.Support.TestObjects;

namespace KubeSharp.Dns.Tests.Records;

public sealed class ZoneSnapshotBuilderTests
{
    [Fact]
    public void Every_name_and_its_ancestors_up_to_the_apex_exist()
    {
        var zone = TestZone.Build();

        foreach (var name in new[] { "cluster.local", "svc.cluster.local", "default.svc.cluster.local", "_tcp.echo.default.svc.cluster.local", "_http._tcp.echo.default.svc.cluster.local", "web-0.web.default.svc.cluster.local" })
        {
            Assert.NotNull(zone.Find(name));
        }

        Assert.Null(zone.Find("web-4.web.default.svc.cluster.local"));
        Assert.Null(zone.Find("empty.default.svc.cluster.local"));
        Assert.True(zone.HasNamespace("quiet"));
        Assert.False(zone.HasNamespace("nons"));
    }

    [Fact]
    public void Slices_of_fqdn_addresses_and_of_other_services_are_ignored()
    {
        V1Service[] services = [Headless("default", "web", false, Port("http", 80))];
        V1EndpointSlice[] slices =
        [
            Slice("default", "web", "web-fqdn", "FQDN", [Endpoint("example.com")], SlicePort("http", 80)),
            Slice("default", "other", "other-abc", "IPv4", [Endpoint("10.42.0.9")], SlicePort("http", 80)),
            Slice("other", "web", "web-abc", "IPv4", [Endpoint("10.42.0.8")], SlicePort("http", 80)),
        ];

        var zone = ZoneSnapshotBuilder.Build(TestZone.Options, services, slices, [], 1);

        Assert.Null(zone.Find("web.default.svc.cluster.local"));
    }

    [Fact]
    public void An_address_in_two_slices_is_answered_once()
    {
        V1Service[] services = [Headless("default", "web", false, Port("http", 80))];
        V1EndpointSlice[] slices =
        [
            Slice("default", "web", "web-a", "IPv4", [Endpoint("10.42.0.8")], SlicePort("http", 80)),
            Slice("default", "web", "web-b", "IPv4", [Endpoint("10.42.0.8")], SlicePort("http", 80)),
        ];

        var zone = ZoneSnapshotBuilder.Build(TestZone.Options, services, slices, [], 1);

        Assert.Equal("10.42.0.8", Assert.Single(TestZone.Ask(zone, "web.default.svc.cluster.local", RecordType.A).Answers).Data);

        // Two pairs before duplicates go: CoreDNS weighs each 50.
        Assert.Equal("0 50 80 10-42-0-8.web.default.svc.cluster.local", Assert.Single(TestZone.Ask(zone, "web.default.svc.cluster.local", RecordType.SRV).Answers).Data);
    }

    [Fact]
    public void A_slice_without_ports_gives_addresses_but_no_srv_records()
    {
        V1Service[] services = [Headless("default", "web", false)];
        V1EndpointSlice[] slices = [Slice("default", "web", "web-a", "IPv4", [Endpoint("10.42.0.8")])];

        var zone = ZoneSnapshotBuilder.Build(TestZone.Options, services, slices, [], 1);

        Assert.Single(TestZone.Ask(zone, "web.default.svc.cluster.local", RecordType.A).Answers);
        var srv = TestZone.Ask(zone, "web.default.svc.cluster.local", RecordType.SRV);
        Assert.Equal(0, srv.Rcode);
        Assert.Empty(srv.Answers);
    }

    [Fact]
    public void A_cluster_ip_names_the_first_service_in_namespace_and_name_order()
    {
        V1Service[] services =
        [
            ClusterIp("zeta", "a", ["10.43.0.50"], Port("http", 80)),
            ClusterIp("alpha", "b", ["10.43.0.50"], Port("http", 80)),
        ];

        var zone = ZoneSnapshotBuilder.Build(TestZone.Options, services, [], [], 1);

        Assert.Equal("b.alpha.svc.cluster.local", Assert.Single(TestZone.Ask(zone, "50.0.43.10.in-addr.arpa", RecordType.PTR).Answers).Data);
    }

    [Fact]
    public void An_address_that_is_an_endpoint_of_two_services_has_both_names()
    {
        V1Service[] services = [Headless("default", "a", false, Port("http", 80)), Headless("default", "b", false, Port("http", 80))];
        V1EndpointSlice[] slices =
        [
            Slice("default", "a", "a-1", "IPv4", [Endpoint("10.42.0.8", hostname: "pod")], SlicePort("http", 80)),
            Slice("default", "b", "b-1", "IPv4", [Endpoint("10.42.0.8")], SlicePort("http", 80)),
        ];

        var zone = ZoneSnapshotBuilder.Build(TestZone.Options, services, slices, [], 1);

        Assert.Equal(
            ["10-42-0-8.b.default.svc.cluster.local", "pod.a.default.svc.cluster.local"],
            TestZone.Ask(zone, "8.0.42.10.in-addr.arpa", RecordType.PTR).Answers.Select(answer => answer.Data).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void External_names_that_are_addresses_or_not_names_get_no_record()
    {
        V1Service[] services = [ExternalName("default", "ip", "1.2.3.4"), ExternalName("default", "bad", "a..b")];

        var zone = ZoneSnapshotBuilder.Build(TestZone.Options, services, [], [], 1);

        Assert.Null(zone.Find("ip.default.svc.cluster.local"));
        Assert.Null(zone.Find("bad.default.svc.cluster.local"));
    }

    [Fact]
    public void Without_the_dns_service_ip_the_name_server_has_no_address()
    {
        var zone = ZoneSnapshotBuilder.Build(TestZone.Options with { DnsServiceIp = null }, [], [], [], 1);

        var ns = TestZone.Ask(zone, "cluster.local", RecordType.NS);

        Assert.Equal("ns.dns.cluster.local", Assert.Single(ns.Answers).Data);
        Assert.Empty(ns.Additional);
    }
}
