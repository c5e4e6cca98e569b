using KubeSharp.Dns.Tests.Support;
using KubeSharp.Dns.Wire;

namespace KubeSharp.Dns.Tests.Server;

/// <summary>The server on 127.0.0.1 over real UDP and TCP sockets.</summary>
public sealed class ClusterDnsServerTests
{
    [Fact]
    public async Task Answers_over_udp_on_the_port_it_bound()
    {
        await using var server = await RunningServer.StartAsync(TestZone.Build());

        var reply = await server.UdpAsync(TestQueries.Build("echo.default.svc.cluster.local", RecordType.A));

        Assert.NotEqual(0, server.Endpoint.Port);
        Assert.Equal(TestQueries.Id, reply.Id);
        Assert.Equal("10.43.0.20", Assert.Single(reply.Answers).Data);
    }

    [Fact]
    public async Task Answers_several_queries_on_one_tcp_connection_in_turn()
    {
        await using var server = await RunningServer.StartAsync(TestZone.Build());

        var replies = await server.TcpAsync(
            TestQueries.Build("echo.default.svc.cluster.local", RecordType.A),
            TestQueries.Build("nope.default.svc.cluster.local", RecordType.A),
            TestQueries.Build("_http._tcp.echo.default.svc.cluster.local", RecordType.SRV));

        Assert.Equal(3, replies.Count);
        Assert.Equal("10.43.0.20", Assert.Single(replies[0].Answers).Data);
        Assert.Equal(3, replies[1].Rcode);
        Assert.Equal("0 100 80 echo.default.svc.cluster.local", Assert.Single(replies[2].Answers).Data);
    }

    [Fact]
    public async Task A_truncated_udp_answer_is_whole_over_tcp()
    {
        await using var server = await RunningServer.StartAsync(QueryHandlerTests.Large());
        var query = TestQueries.Build("_http._tcp.big.default.svc.cluster.local", RecordType.SRV, payloadSize: 4096);

        var udp = await server.UdpAsync(query);
        var tcp = Assert.Single(await server.TcpAsync(query));

        Assert.True(udp.Truncated);
        Assert.Empty(udp.Answers);
        Assert.False(tcp.Truncated);
        Assert.Equal(100, tcp.Answers.Count);
        Assert.Equal(100, tcp.Extra.Count);
    }

    [Fact]
    public async Task Names_outside_the_zone_do_not_exist_over_udp()
    {
        await using var server = await RunningServer.StartAsync(TestZone.Build());

        var reply = await server.UdpAsync(TestQueries.Build("www.example.com", RecordType.A));

        Assert.Equal(3, reply.Rcode);
    }
}
