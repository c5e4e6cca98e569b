using k8s.Models;
using KubeSharp.Dns.Records;
using KubeSharp.Dns.Server;
using KubeSharp.Dns.Tests.Support;
using KubeSharp.Dns.Wire;
using static KubeSharp.Dns.Tests.Support.TestObjects;

namespace KubeSharp.Dns.Tests.Server;

public sealed class QueryHandlerTests
{
    private readonly ZoneSnapshot _zone = TestZone.Build();

    [Fact]
    public void Another_opcode_gets_notimp_with_the_header_only()
    {
        var query = TestQueries.Build("echo.default.svc.cluster.local", RecordType.A);
        query[2] |= 0x20;

        var reply = TestZone.Send(_zone, query)!;

        Assert.Equal(4, reply.Rcode);
        Assert.Equal(TestQueries.Id, reply.Id);
        Assert.True(reply.IsResponse);
        Assert.Equal(12, reply.Length);
    }

    [Fact]
    public void A_malformed_query_gets_formerr()
    {
        var query = TestQueries.Build("echo.default.svc.cluster.local", RecordType.A);

        var reply = TestZone.Send(_zone, query[..20])!;

        Assert.Equal(1, reply.Rcode);
        Assert.Equal(TestQueries.Id, reply.Id);
        Assert.Null(reply.QuestionName);
    }

    [Fact]
    public void Responses_and_runts_get_no_reply()
    {
        var query = TestQueries.Build("echo.default.svc.cluster.local", RecordType.A);
        query[2] |= 0x80;

        Assert.Null(TestZone.Send(_zone, query));
        Assert.Null(TestZone.Send(_zone, query[..5]));
    }

    [Fact]
    public void Classes_other_than_in_are_refused()
    {
        var reply = TestZone.Send(_zone, TestQueries.Build("echo.default.svc.cluster.local", RecordType.A, cls: 3))!;

        Assert.Equal(5, reply.Rcode);
        Assert.Empty(reply.Answers);
    }

    [Fact]
    public void An_opt_record_is_echoed_with_our_payload_size_and_the_do_bit()
    {
        var reply = TestZone.Send(_zone, TestQueries.Build("echo.default.svc.cluster.local", RecordType.A, payloadSize: 1232, dnssecOk: true))!;

        Assert.Equal(0, reply.Rcode);
        Assert.Single(reply.Answers);
        var opt = Assert.Single(reply.Additional);
        Assert.Equal(new TestRecord(string.Empty, RecordType.OPT, QueryHandler.MaxUdpPayload, 0x8000, string.Empty), opt);
        Assert.Null(TestZone.Send(_zone, TestQueries.Build("echo.default.svc.cluster.local", RecordType.A))!.Opt);
    }

    [Fact]
    public void An_edns_version_other_than_0_gets_badvers()
    {
        var reply = TestZone.Send(_zone, TestQueries.Build("echo.default.svc.cluster.local", RecordType.A, payloadSize: 1232, ednsVersion: 1))!;

        Assert.Equal(16, reply.Rcode);
        Assert.Empty(reply.Answers);
        Assert.Equal(1u << 24, reply.Opt!.Ttl);
    }

    [Fact]
    public void Names_outside_the_zone_are_forwarded_when_there_are_upstreams()
    {
        var handler = new QueryHandler(new FixedSnapshot(_zone), forwarding: true);
        var response = new byte[QueryHandler.MaxUdpPayload];

        Assert.True(handler.Handle(TestQueries.Build("www.example.com", RecordType.A), response, false, new CompressionTable()).Forward);
        Assert.True(handler.Handle(TestQueries.Build("99.0.43.10.in-addr.arpa", RecordType.PTR), response, false, new CompressionTable()).Forward);

        var local = handler.Handle(TestQueries.Build("echo.default.svc.cluster.local", RecordType.A), response, false, new CompressionTable());
        var reply = TestReply.Parse(response.AsSpan(0, local.Length));
        Assert.True(reply.RecursionAvailable);
        Assert.Single(reply.Answers);
    }

    [Fact]
    public void Failed_forwarding_is_a_servfail_for_the_question()
    {
        var handler = new QueryHandler(new FixedSnapshot(_zone), forwarding: true);

        var reply = TestReply.Parse(handler.ServerFailure(TestQueries.Build("www.example.com", RecordType.A, payloadSize: 1232)));

        Assert.Equal(2, reply.Rcode);
        Assert.Equal("www.example.com", reply.QuestionName);
        Assert.NotNull(reply.Opt);
    }

    [Fact]
    public void A_udp_reply_over_512_bytes_is_truncated_to_header_and_question()
    {
        var zone = Large();

        var reply = TestZone.Ask(zone, "big.default.svc.cluster.local", RecordType.A);

        Assert.True(reply.Truncated);
        Assert.Equal(0, reply.Rcode);
        Assert.Equal("big.default.svc.cluster.local", reply.QuestionName);
        Assert.Empty(reply.Answers);
        Assert.Empty(reply.Authority);
        Assert.Empty(reply.Additional);
    }

    [Fact]
    public void The_edns_payload_size_lets_a_larger_udp_reply_through()
    {
        var zone = Large();

        var reply = TestZone.Ask(zone, "big.default.svc.cluster.local", RecordType.A, payloadSize: 4096);

        Assert.False(reply.Truncated);
        Assert.Equal(100, reply.Answers.Count);
        Assert.NotNull(reply.Opt);
        Assert.True(reply.Length <= 4096);
    }

    [Fact]
    public void Srv_with_additionals_for_100_endpoints_needs_tcp()
    {
        var zone = Large();

        var udp = TestZone.Ask(zone, "_http._tcp.big.default.svc.cluster.local", RecordType.SRV, payloadSize: 4096);
        Assert.True(udp.Truncated);
        Assert.Empty(udp.Answers);
        Assert.NotNull(udp.Opt);
        Assert.True(udp.Length <= 4096);

        var small = TestZone.Ask(zone, "_http._tcp.big.default.svc.cluster.local", RecordType.SRV, payloadSize: 100);
        Assert.True(small.Truncated);

        var tcp = TestZone.Ask(zone, "_http._tcp.big.default.svc.cluster.local", RecordType.SRV, tcp: true);
        Assert.False(tcp.Truncated);
        Assert.Equal(100, tcp.Answers.Count);
        Assert.All(tcp.Answers, answer => Assert.StartsWith("0 1 8080 10-42-", answer.Data, StringComparison.Ordinal));
        Assert.Equal(100, tcp.Additional.Count);
    }

    /// <summary>A headless Service default/big with 100 ready endpoints, 10.42.1.0-99.</summary>
    internal static ZoneSnapshot Large()
    {
        var endpoints = Enumerable.Range(0, 100).Select(i => Endpoint($"10.42.1.{i}")).ToArray();
        V1Service[] services = [Headless("default", "big", false, Port("http", 80))];
        V1EndpointSlice[] slices = [Slice("default", "big", "big-abc", "IPv4", endpoints, SlicePort("http", 8080))];
        return ZoneSnapshotBuilder.Build(TestZone.Options, services, slices, ["default"], TestZone.Serial);
    }
}
