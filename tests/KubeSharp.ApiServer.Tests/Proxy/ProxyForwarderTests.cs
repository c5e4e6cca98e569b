using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Http;
using KubeSharp.ApiServer.Proxy;
using KubeSharp.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.ApiServer.Tests.Proxy;

/// <summary>
/// Round trips through <see cref="ProxyForwarder"/> hosted in a Kestrel "API server" on loopback, to a
/// Kestrel backend on loopback: plain requests, redirects, WebSocket upgrades and failures.
/// </summary>
public sealed class ProxyForwarderTests : IAsyncLifetime
{
    private const string ProxyPath = "/api/v1/namespaces/ns/pods/web/proxy";

    private readonly ProxyForwarder _forwarder = new(NullLogger.Instance);
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });
    private WebApplication _backend = null!;
    private WebApplication _front = null!;
    private ProxyTarget _target = null!;
    private int _frontPort;

    public async Task InitializeAsync()
    {
        int backendPort;
        (_backend, backendPort) = await StartAsync(app =>
        {
            app.UseWebSockets();
            app.Run(BackendAsync);
        });
        _target = ProxyTarget.For(string.Empty, "127.0.0.1", backendPort);
        (_front, _frontPort) = await StartAsync(app => app.Run(async context =>
        {
            // What the API server's dispatcher does with the proxy's errors.
            try
            {
                await _forwarder.ForwardAsync(context, ProxyRequest.From(context)!, _target);
            }
            catch (ApiException error) when (!context.Response.HasStarted)
            {
                await Responses.WriteStatusAsync(context, error);
            }
        }));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        foreach (var app in new[] { _front, _backend })
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        _forwarder.Dispose();
    }

    [Fact]
    public async Task A_request_goes_through_with_its_query_headers_and_body_and_comes_back()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url("/echo/x%20y?a=1&b=%2F"))
        {
            Content = new StringContent("hello body", Encoding.UTF8, "text/plain"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "secret");
        request.Headers.Add("X-Custom", "kept");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("POST /echo/x%20y?a=1&b=%2F\nhello body", await response.Content.ReadAsStringAsync());
        Assert.Equal($"127.0.0.1:{_frontPort}", Header(response, "X-Seen-Host"));
        Assert.Equal(string.Empty, Header(response, "X-Seen-Authorization"));
        Assert.Equal("kept", Header(response, "X-Seen-Custom"));
        Assert.Equal("text/plain; charset=utf-8", Header(response, "X-Seen-Content-Type"));
        Assert.Equal("127.0.0.1", Header(response, "X-Seen-Forwarded-For"));
        Assert.Equal(ProxyPath + "/echo/x%20y", Header(response, "X-Seen-Forwarded-Uri"));
        Assert.Equal("yes", Header(response, "X-Reply"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_redirect_stays_under_the_proxy_path()
    {
        using var response = await _client.GetAsync(Url("/redirect"));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(ProxyPath + "/login?next=1", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_websocket_is_spliced_through()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("v5.channel.k8s.io");

        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{_frontPort}{ProxyPath}/ws"), timeout.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes("hello").AsMemory(), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[1024];
        var received = await socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);
        var closing = await socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);

        Assert.Equal("v5.channel.k8s.io", socket.SubProtocol);
        Assert.Equal("HELLO", Encoding.UTF8.GetString(buffer, 0, received.Count));
        Assert.Equal(WebSocketMessageType.Close, closing.MessageType);
    }

    [Fact]
    public async Task A_refused_upgrade_hands_the_backends_answer_back()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("/refuse"));
        request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
        request.Headers.TryAddWithoutValidation("Upgrade", "websocket");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("no websocket here", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_backend_that_refuses_connections_is_a_503()
    {
        _target = ProxyTarget.For(string.Empty, "127.0.0.1", FreePort.Next());

        using var response = await _client.GetAsync(Url("/anything"));
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("ServiceUnavailable", status["reason"]!.GetValue<string>());
        Assert.Equal($"error trying to reach service: dial tcp {_target.Authority}: connect: connection refused", status["message"]!.GetValue<string>());
    }

    private static async Task BackendAsync(HttpContext context)
    {
        var request = context.Request;
        switch (request.Path.Value)
        {
            case "/ws" when context.WebSockets.IsWebSocketRequest:
                using (var socket = await context.WebSockets.AcceptWebSocketAsync(context.WebSockets.WebSocketRequestedProtocols[0]))
                {
                    var buffer = new byte[1024];
                    var received = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                    var reply = Encoding.UTF8.GetString(buffer, 0, received.Count).ToUpperInvariant();
                    await socket.SendAsync(Encoding.UTF8.GetBytes(reply).AsMemory(), WebSocketMessageType.Text, true, CancellationToken.None);
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                }

                return;
            case "/refuse":
                // No Content-Length: Kestrel sends the body chunked.
                context.Response.StatusCode = 400;
                await context.Response.WriteAsync("no websocket here");
                return;
            case "/redirect":
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = "/login?next=1";
                return;
            default:
                using (var reader = new StreamReader(request.Body))
                {
                    var body = await reader.ReadToEndAsync();
                    var seen = context.Response.Headers;
                    seen["X-Seen-Host"] = request.Headers.Host.ToString();
                    seen["X-Seen-Authorization"] = request.Headers.Authorization.ToString();
                    seen["X-Seen-Custom"] = request.Headers["X-Custom"].ToString();
                    seen["X-Seen-Content-Type"] = request.ContentType ?? string.Empty;
                    seen["X-Seen-Forwarded-For"] = request.Headers["X-Forwarded-For"].ToString();
                    seen["X-Seen-Forwarded-Uri"] = request.Headers["X-Forwarded-Uri"].ToString();
                    seen["X-Reply"] = "yes";
                    seen.AccessControlAllowOrigin = "*";
                    context.Response.StatusCode = 202;
                    var raw = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget;
                    await context.Response.WriteAsync($"{request.Method} {raw}\n{body}");
                }

                return;
        }
    }

    private static async Task<(WebApplication App, int Port)> StartAsync(Action<WebApplication> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        configure(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address).Port);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(',', values) : string.Empty;

    private string Url(string subPath) => $"http://127.0.0.1:{_frontPort}{ProxyPath}{subPath}";
}
