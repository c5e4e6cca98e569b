using System.Net;
using KubeSharp.Dns.Records;
using KubeSharp.Dns.Tests.Support;
using KubeSharp.Dns.Wire;
using static KubeSharp.Dns.Tests.Support.TestZone;

namespace KubeSharp.Dns.Tests.Records;

/// <summary>The answers of the Kubernetes DNS specification, as CoreDNS's kubernetes plugin gives them.</summary>
public sealed class ResolverTests
{
    private const string Soa = "ns.dns.cluster.local hostmaster.cluster.local 1700000000 7200 1800 86400 5";

    private readonly ZoneSnapshot _zone = Build();

    [Fact]
    public void A_cluster_ip_service_has_an_a_record_for_its_cluster_ip()
    {
        var reply = Ask(_zone, "echo.default.svc.cluster.local", RecordType.A);

        Assert.Equal(0, reply.Rcode);
        Assert.True(reply.IsResponse);
        Assert.True(reply.Authoritative);
        Assert.False(reply.RecursionAvailable);
        Assert.True(reply.RecursionDesired);
        Assert.Equal(TestQueries.Id, reply.Id);
        Assert.Equal("echo.default.svc.cluster.local", reply.QuestionName);
        var answer = Assert.Single(reply.Answers);
        Assert.Equal(new TestRecord("echo.default.svc.cluster.local", RecordType.A, 1, 5, "10.43.0.20"), answer);
        Assert.Empty(reply.Authority);
        Assert.Empty(reply.Additional);
    }

    [Fact]
    public void Aaaa_for_an_ipv4_service_is_nodata_with_the_soa()
    {
        var reply = Ask(_zone, "echo.default.svc.cluster.local", RecordType.AAAA);

        Assert.Equal(0, reply.Rcode);
        Assert.True(reply.Authoritative);
        Assert.Empty(reply.Answers);
        var soa = Assert.Single(reply.Authority);
        Assert.Equal(new TestRecord("cluster.local", RecordType.SOA, 1, 5, Soa), soa);
    }

    [Fact]
    public void A_dual_stack_service_has_an_a_and_an_aaaa_record()
    {
        Assert.Equal("10.43.0.30", Assert.Single(Ask(_zone, "dual.default.svc.cluster.local", RecordType.A).Answers).Data);
        Assert.Equal("fd00:43::30", Assert.Single(Ask(_zone, "dual.default.svc.cluster.local", RecordType.AAAA).Answers).Data);
    }

    [Theory]
    [InlineData((int)RecordType.MX)]
    [InlineData((int)RecordType.TXT)]
    [InlineData((int)RecordType.PTR)]
    [InlineData((int)RecordType.NS)]
    [InlineData((int)RecordType.CNAME)]
    [InlineData((int)RecordType.ANY)]
    public void Other_types_at_a_service_name_are_nodata(int type)
    {
        var reply = Ask(_zone, "echo.default.svc.cluster.local", (RecordType)type);

        Assert.Equal(0, reply.Rcode);
        Assert.Empty(reply.Answers);
        Assert.Equal(RecordType.SOA, Assert.Single(reply.Authority).Type);
    }

    [Theory]
    [InlineData("nope.default.svc.cluster.local", (int)RecordType.A)]
    [InlineData("nope.default.svc.cluster.local", (int)RecordType.MX)]
    [InlineData("echo.nons.svc.cluster.local", (int)RecordType.A)]
    [InlineData("nons.svc.cluster.local", (int)RecordType.A)]
    [InlineData("foo.cluster.local", (int)RecordType.A)]
    [InlineData("a.b.c.echo.default.svc.cluster.local", (int)RecordType.A)]
    [InlineData("_http.echo.default.svc.cluster.local", (int)RecordType.SRV)]
    [InlineData("_dns._tcp.echo.default.svc.cluster.local", (int)RecordType.SRV)]
    public void Names_that_do_not_exist_are_nxdomain_with_the_soa(string name, int type)
    {
        var reply = Ask(_zone, name, (RecordType)type);

        Assert.Equal(3, reply.Rcode);
        Assert.True(reply.Authoritative);
        Assert.Empty(reply.Answers);
        Assert.Equal(new TestRecord("cluster.local", RecordType.SOA, 1, 5, Soa), Assert.Single(reply.Authority));
    }

    [Theory]
    [InlineData("cluster.local")]
    [InlineData("svc.cluster.local")]
    [InlineData("pod.cluster.local")]
    [InlineData("default.svc.cluster.local")]
    [InlineData("quiet.svc.cluster.local")]
    [InlineData("default.pod.cluster.local")]
    [InlineData("_tcp.echo.default.svc.cluster.local")]
    [InlineData("dns.cluster.local")]
    public void Names_that_exist_without_records_are_nodata(string name)
    {
        var reply = Ask(_zone, name, RecordType.A);

        Assert.Equal(0, reply.Rcode);
        Assert.True(reply.Authoritative);
        Assert.Empty(reply.Answers);
        Assert.Equal(RecordType.SOA, Assert.Single(reply.Authority).Type);
    }

    [Fact]
    public void A_headless_service_has_its_ready_endpoints()
    {
        var reply = Ask(_zone, "web.default.svc.cluster.local", RecordType.A);

        Assert.All(reply.Answers, answer => Assert.Equal("web.default.svc.cluster.local", answer.Name));
        Assert.Equal(["10.42.0.10", "10.42.0.11", "10.42.0.12", "10.42.0.13"], reply.Answers.Select(answer => answer.Data).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_headless_service_answers_in_turn_from_a_different_address()
    {
        var firsts = Enumerable.Range(0, 4).Select(_ => Ask(_zone, "web.default.svc.cluster.local", RecordType.A).Answers[0].Data).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(4, firsts.Count);
    }

    [Fact]
    public void Publish_not_ready_addresses_serves_endpoints_that_are_not_ready()
    {
        Assert.Equal("10.42.0.20", Assert.Single(Ask(_zone, "loose.default.svc.cluster.local", RecordType.A).Answers).Data);
    }

    [Fact]
    public void A_headless_service_without_ready_endpoints_does_not_exist()
    {
        Assert.Equal(3, Ask(_zone, "empty.default.svc.cluster.local", RecordType.A).Rcode);
        Assert.Equal(3, Ask(_zone, "_http._tcp.empty.default.svc.cluster.local", RecordType.SRV).Rcode);
    }

    [Fact]
    public void A_headless_ipv6_service_has_aaaa_records_and_no_a_records()
    {
        Assert.Equal("fd00:42::5", Assert.Single(Ask(_zone, "web6.default.svc.cluster.local", RecordType.AAAA).Answers).Data);
        Assert.Empty(Ask(_zone, "web6.default.svc.cluster.local", RecordType.A).Answers);
        Assert.Equal("fd00:42::5", Assert.Single(Ask(_zone, "fd00-42--5.web6.default.svc.cluster.local", RecordType.AAAA).Answers).Data);
    }

    [Theory]
    [InlineData("web-0.web.default.svc.cluster.local", "10.42.0.10")]
    [InlineData("web-1.web.default.svc.cluster.local", "10.42.0.11")]
    [InlineData("10-42-0-12.web.default.svc.cluster.local", "10.42.0.12")]
    [InlineData("10-42-0-2.echo.default.svc.cluster.local", "10.42.0.2")]
    public void Endpoints_have_names_under_their_service(string name, string address)
    {
        var answer = Assert.Single(Ask(_zone, name, RecordType.A).Answers);

        Assert.Equal(new TestRecord(name, RecordType.A, 1, 5, address), answer);
    }

    [Fact]
    public void An_endpoint_that_is_not_ready_has_no_name()
    {
        Assert.Equal(3, Ask(_zone, "web-4.web.default.svc.cluster.local", RecordType.A).Rcode);
    }

    [Fact]
    public void Srv_for_a_named_port_of_a_cluster_ip_service_targets_the_service_with_its_address_as_additional()
    {
        var reply = Ask(_zone, "_http._tcp.echo.default.svc.cluster.local", RecordType.SRV);

        Assert.Equal(new TestRecord("_http._tcp.echo.default.svc.cluster.local", RecordType.SRV, 1, 5, "0 100 80 echo.default.svc.cluster.local"), Assert.Single(reply.Answers));
        Assert.Equal(new TestRecord("echo.default.svc.cluster.local", RecordType.A, 1, 5, "10.43.0.20"), Assert.Single(reply.Additional));
        Assert.Equal("0 100 53 echo.default.svc.cluster.local", Assert.Single(Ask(_zone, "_dns._udp.echo.default.svc.cluster.local", RecordType.SRV).Answers).Data);
    }

    [Fact]
    public void Srv_for_the_service_name_has_every_port_weighted_alike()
    {
        var reply = Ask(_zone, "echo.default.svc.cluster.local", RecordType.SRV);

        Assert.Equal(
            ["0 33 80 echo.default.svc.cluster.local", "0 33 53 echo.default.svc.cluster.local", "0 33 8080 echo.default.svc.cluster.local"],
            reply.Answers.Select(answer => answer.Data));
        Assert.Equal("10.43.0.20", Assert.Single(reply.Additional).Data);
    }

    [Fact]
    public void Srv_for_a_headless_service_targets_each_ready_endpoint_with_its_address_as_additional()
    {
        var reply = Ask(_zone, "_http._tcp.web.default.svc.cluster.local", RecordType.SRV);

        Assert.Equal(
            [
                "0 25 8080 10-42-0-12.web.default.svc.cluster.local",
                "0 25 8080 10-42-0-13.web.default.svc.cluster.local",
                "0 25 8080 web-0.web.default.svc.cluster.local",
                "0 25 8080 web-1.web.default.svc.cluster.local",
            ],
            reply.Answers.Select(answer => answer.Data).Order(StringComparer.Ordinal));
        Assert.Equal(
            [
                "10-42-0-12.web.default.svc.cluster.local 10.42.0.12",
                "10-42-0-13.web.default.svc.cluster.local 10.42.0.13",
                "web-0.web.default.svc.cluster.local 10.42.0.10",
                "web-1.web.default.svc.cluster.local 10.42.0.11",
            ],
            reply.Additional.Select(record => $"{record.Name} {record.Data}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Srv_for_an_endpoint_name_has_its_ports()
    {
        var reply = Ask(_zone, "web-0.web.default.svc.cluster.local", RecordType.SRV);

        Assert.Equal("0 100 8080 web-0.web.default.svc.cluster.local", Assert.Single(reply.Answers).Data);
        Assert.Equal("10.42.0.10", Assert.Single(reply.Additional).Data);
    }

    [Theory]
    [InlineData("20.0.43.10.in-addr.arpa", "echo.default.svc.cluster.local")]
    [InlineData("10.0.42.10.in-addr.arpa", "web-0.web.default.svc.cluster.local")]
    [InlineData("12.0.42.10.in-addr.arpa", "10-42-0-12.web.default.svc.cluster.local")]
    [InlineData("2.0.42.10.in-addr.arpa", "10-42-0-2.echo.default.svc.cluster.local")]
    public void Ptr_names_the_service_of_a_cluster_ip_or_the_endpoint_of_an_address(string name, string target)
    {
        var reply = Ask(_zone, name, RecordType.PTR);

        Assert.True(reply.Authoritative);
        Assert.Equal(new TestRecord(name, RecordType.PTR, 1, 5, target), Assert.Single(reply.Answers));
    }

    [Fact]
    public void Ptr_for_an_ipv6_cluster_ip()
    {
        var name = Addresses.ReverseName(IPAddress.Parse("fd00:43::30"));

        Assert.Equal("dual.default.svc.cluster.local", Assert.Single(Ask(_zone, name, RecordType.PTR).Answers).Data);
    }

    [Fact]
    public void Reverse_names_of_addresses_not_in_the_cluster_are_nxdomain()
    {
        var reply = Ask(_zone, "99.0.43.10.in-addr.arpa", RecordType.PTR);

        Assert.Equal(3, reply.Rcode);
        Assert.Equal(
            new TestRecord("in-addr.arpa", RecordType.SOA, 1, 5, "ns.dns.in-addr.arpa hostmaster.in-addr.arpa 1700000000 7200 1800 86400 5"),
            Assert.Single(reply.Authority));
    }

    [Fact]
    public void Other_types_at_a_known_reverse_name_are_nodata()
    {
        var reply = Ask(_zone, "20.0.43.10.in-addr.arpa", RecordType.A);

        Assert.Equal(0, reply.Rcode);
        Assert.Empty(reply.Answers);
        Assert.Single(reply.Authority);
    }

    [Theory]
    [InlineData("10-42-0-5.default.pod.cluster.local", (int)RecordType.A, "10.42.0.5")]
    [InlineData("10-42-0-5.quiet.pod.cluster.local", (int)RecordType.A, "10.42.0.5")]
    [InlineData("fd00-42--5.default.pod.cluster.local", (int)RecordType.AAAA, "fd00:42::5")]
    public void Pod_names_are_answered_with_the_address_they_spell(string name, int type, string address)
    {
        var reply = Ask(_zone, name, (RecordType)type);

        Assert.True(reply.Authoritative);
        Assert.Equal(new TestRecord(name, (RecordType)type, 1, 5, address), Assert.Single(reply.Answers));
    }

    [Fact]
    public void Aaaa_for_an_ipv4_pod_name_is_nodata()
    {
        var reply = Ask(_zone, "10-42-0-5.default.pod.cluster.local", RecordType.AAAA);

        Assert.Equal(0, reply.Rcode);
        Assert.Empty(reply.Answers);
    }

    [Theory]
    [InlineData("10-42-0-5.nons.pod.cluster.local")]
    [InlineData("10-42-0-500.default.pod.cluster.local")]
    [InlineData("010-42-0-5.default.pod.cluster.local")]
    [InlineData("10-42-5.default.pod.cluster.local")]
    [InlineData("web.default.pod.cluster.local")]
    [InlineData("x.10-42-0-5.default.pod.cluster.local")]
    public void Malformed_pod_names_and_unknown_namespaces_are_nxdomain(string name)
    {
        Assert.Equal(3, Ask(_zone, name, RecordType.A).Rcode);
    }

    [Fact]
    public void An_external_name_service_is_a_cname_that_is_not_followed_outside_the_zone()
    {
        foreach (var type in new[] { RecordType.A, RecordType.AAAA, RecordType.CNAME })
        {
            var reply = Ask(_zone, "external.default.svc.cluster.local", type);

            Assert.Equal(0, reply.Rcode);
            Assert.True(reply.Authoritative);
            Assert.Equal(new TestRecord("external.default.svc.cluster.local", RecordType.CNAME, 1, 5, "www.example.com"), Assert.Single(reply.Answers));
        }
    }

    [Fact]
    public void A_cname_into_the_zone_is_followed()
    {
        var reply = Ask(_zone, "alias.default.svc.cluster.local", RecordType.A);

        Assert.Equal(
            [
                new TestRecord("alias.default.svc.cluster.local", RecordType.CNAME, 1, 5, "echo.default.svc.cluster.local"),
                new TestRecord("echo.default.svc.cluster.local", RecordType.A, 1, 5, "10.43.0.20"),
            ],
            reply.Answers);
    }

    [Fact]
    public void Answers_keep_the_case_of_the_question()
    {
        var reply = Ask(_zone, "EcHo.DeFault.SVC.Cluster.Local", RecordType.A);

        Assert.Equal("EcHo.DeFault.SVC.Cluster.Local", reply.QuestionName);
        Assert.Equal(new TestRecord("EcHo.DeFault.SVC.Cluster.Local", RecordType.A, 1, 5, "10.43.0.20"), Assert.Single(reply.Answers));
        var soa = Assert.Single(Ask(_zone, "NOPE.default.svc.Cluster.Local", RecordType.A).Authority);
        Assert.Equal("Cluster.Local", soa.Name);
        Assert.StartsWith("ns.dns.Cluster.Local hostmaster.Cluster.Local ", soa.Data, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("echo.default.svc.cluster.local.default.svc.cluster.local")]
    [InlineData("echo.default.svc.cluster.local.svc.cluster.local")]
    [InlineData("echo.default.svc.cluster.local.cluster.local")]
    public void Names_with_the_search_path_appended_are_nxdomain(string name)
    {
        Assert.Equal(3, Ask(_zone, name, RecordType.A).Rcode);
    }

    [Theory]
    [InlineData("www.example.com")]
    [InlineData("local")]
    [InlineData("xcluster.local")]
    public void Names_outside_the_zone_do_not_exist_without_upstreams(string name)
    {
        var reply = Ask(_zone, name, RecordType.A);

        Assert.Equal(3, reply.Rcode);
        Assert.False(reply.Authoritative);
        Assert.Equal(name, reply.QuestionName);
        Assert.Empty(reply.Answers);
        Assert.Empty(reply.Authority);
    }

    [Fact]
    public void The_apex_has_a_soa_and_an_ns_record_with_the_dns_service_address()
    {
        Assert.Equal(new TestRecord("cluster.local", RecordType.SOA, 1, 5, Soa), Assert.Single(Ask(_zone, "cluster.local", RecordType.SOA).Answers));

        var ns = Ask(_zone, "cluster.local", RecordType.NS);

        Assert.Equal(new TestRecord("cluster.local", RecordType.NS, 1, 5, "ns.dns.cluster.local"), Assert.Single(ns.Answers));
        Assert.Equal(new TestRecord("ns.dns.cluster.local", RecordType.A, 1, 5, "10.43.0.10"), Assert.Single(ns.Additional));
        Assert.Equal("10.43.0.10", Assert.Single(Ask(_zone, "ns.dns.cluster.local", RecordType.A).Answers).Data);
    }

    [Fact]
    public void Soa_below_the_apex_is_nodata()
    {
        var reply = Ask(_zone, "echo.default.svc.cluster.local", RecordType.SOA);

        Assert.Empty(reply.Answers);
        Assert.Single(reply.Authority);
    }

    [Fact]
    public void The_schema_version_is_a_txt_record()
    {
        Assert.Equal(new TestRecord("dns-version.cluster.local", RecordType.TXT, 1, 28800, "1.1.0"), Assert.Single(Ask(_zone, "dns-version.cluster.local", RecordType.TXT).Answers));
    }

    [Theory]
    [InlineData((int)RecordType.AXFR)]
    [InlineData((int)RecordType.IXFR)]
    public void Zone_transfers_are_refused(int type)
    {
        Assert.Equal(5, Ask(_zone, "cluster.local", (RecordType)type).Rcode);
    }

    [Fact]
    public void The_ttl_is_configurable()
    {
        var zone = Build(Options with { Ttl = TimeSpan.FromSeconds(30) });

        Assert.Equal(30u, Assert.Single(Ask(zone, "echo.default.svc.cluster.local", RecordType.A).Answers).Ttl);
        var soa = Assert.Single(Ask(zone, "nope.default.svc.cluster.local", RecordType.A).Authority);
        Assert.Equal(30u, soa.Ttl);
        Assert.EndsWith(" 30", soa.Data, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_cluster_domain_is_served_instead()
    {
        var zone = Build(Options with { ClusterDomain = "Example.Test." });

        Assert.Equal("10.43.0.20", Assert.Single(Ask(zone, "echo.default.svc.example.test", RecordType.A).Answers).Data);
        Assert.Equal(3, Ask(zone, "echo.default.svc.cluster.local", RecordType.A).Rcode);
    }
}
