using System.Net;
using System.Net.Sockets;
using System.Text;
using KubeSharp.Proxy.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Proxy.Tests.Http;

public sealed class HttpResponderTests
{
    [Fact]
    public async Task It_answers_each_request_from_the_handler_and_closes()
    {
        var seen = new List<string>();
        await using var responder = HttpResponder.Start(
            new IPEndPoint(IPAddress.Loopback, 0),
            (method, path) =>
            {
                lock (seen)
                {
                    seen.Add($"{method} {path}");
                }

                return path == "/hello"
                    ? new HttpReply(200, "text/plain", "hi") { Headers = [new("X-Test", "yes")] }
                    : HttpReply.NotFound();
            },
            TimeProvider.System,
            NullLogger.Instance);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{responder.LocalEndpoint.Port}") };

        using var hello = await client.GetAsync("/hello?x=1");
        using var missing = await client.GetAsync("/other");

        Assert.Equal(HttpStatusCode.OK, hello.StatusCode);
        Assert.Equal("hi", await hello.Content.ReadAsStringAsync());
        Assert.Equal("yes", Assert.Single(hello.Headers.GetValues("X-Test")));
        Assert.Equal("text/plain", hello.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(["GET /hello", "GET /other"], seen);
    }

    [Fact]
    public async Task Something_that_is_not_http_gets_bad_request()
    {
        await using var responder = HttpResponder.Start(new IPEndPoint(IPAddress.Loopback, 0), (_, _) => HttpReply.NotFound(), TimeProvider.System, NullLogger.Instance);
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, responder.LocalEndpoint.Port);
        var stream = socket.GetStream();

        await stream.WriteAsync("hello there\r\n\r\n"u8.ToArray());
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync();

        Assert.Equal("HTTP/1.1 400 Bad Request", status);
    }

    [Fact]
    public async Task A_port_in_use_cannot_be_listened_on()
    {
        await using var first = HttpResponder.Start(new IPEndPoint(IPAddress.Loopback, 0), (_, _) => HttpReply.NotFound(), TimeProvider.System, NullLogger.Instance);

        Assert.Throws<SocketException>(() => HttpResponder.Start(first.LocalEndpoint, (_, _) => HttpReply.NotFound(), TimeProvider.System, NullLogger.Instance));
    }
}
