using System.Net;
using System.Net.Sockets;
using KubeSharp.Proxy.Health;
using KubeSharp.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Proxy.Tests.Health;

public sealed class ServiceHealthServerTests
{
    [Fact]
    public void The_answer_is_upstreams_json()
    {
        var reply = ServiceHealthServer.Describe(new HealthCheckTarget("shop", "web", 2), healthy: true);

        Assert.Equal(200, reply.Status);
        Assert.Equal("application/json", reply.ContentType);
        Assert.Equal(
            "{\n\t\"service\": {\n\t\t\"namespace\": \"shop\",\n\t\t\"name\": \"web\"\n\t},\n\t\"localEndpoints\": 2,\n\t\"serviceProxyHealthy\": true\n}",
            reply.Body);
        Assert.Contains(new KeyValuePair<string, string>("X-Load-Balancing-Endpoint-Weight", "2"), reply.Headers);
    }

    [Theory]
    [InlineData(0, true, 503)]
    [InlineData(1, false, 503)]
    [InlineData(1, true, 200)]
    public void It_is_healthy_only_with_local_endpoints_and_a_healthy_proxy(int localEndpoints, bool proxyHealthy, int status) =>
        Assert.Equal(status, ServiceHealthServer.Describe(new HealthCheckTarget("shop", "web", localEndpoints), proxyHealthy).Status);

    [Fact]
    public async Task Node_ports_open_and_close_with_their_services()
    {
        var port = FreePort.Next();
        await using var server = new ServiceHealthServer(IPAddress.Loopback, () => true, TimeProvider.System, NullLogger.Instance);
        using var client = new HttpClient();

        await server.SyncAsync(new Dictionary<int, HealthCheckTarget> { [port] = new("shop", "web", 0) });
        using var unhealthy = await client.GetAsync($"http://127.0.0.1:{port}/");
        await server.SyncAsync(new Dictionary<int, HealthCheckTarget> { [port] = new("shop", "web", 1) });
        using var healthy = await client.GetAsync($"http://127.0.0.1:{port}/");
        await server.SyncAsync(new Dictionary<int, HealthCheckTarget>());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, unhealthy.StatusCode);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Contains("\"localEndpoints\": 1", await healthy.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(server.Ports);
        using var socket = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(IPAddress.Loopback, port));
    }
}
