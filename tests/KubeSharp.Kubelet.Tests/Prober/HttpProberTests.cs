using k8s.Models;
using KubeSharp.Kubelet.Prober;
using KubeSharp.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Kubelet.Tests.Prober;

public sealed class HttpProberTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider _time = new();
    private readonly HttpProber _prober;

    public HttpProberTests() => _prober = new HttpProber(_time);

    public void Dispose() => _prober.Dispose();

    [Fact]
    public async Task A_200_is_a_success_with_the_body()
    {
        await using var server = new TinyHttpServer(_ => TinyHttpServer.Response(200, "ok"));

        var result = await ProbeAsync(Get("/healthz", server.Port));

        Assert.Equal(ProbeResult.Success("ok"), result);
        Assert.Equal("GET /healthz HTTP/1.1", TinyHttpServer.RequestLine(Assert.Single(server.Requests)));
    }

    [Theory]
    [InlineData(204)]
    [InlineData(399)]
    public async Task Statuses_below_300_succeed_and_other_3xx_answers_succeed_with_a_warning(int status)
    {
        await using var server = new TinyHttpServer(_ => TinyHttpServer.Response(status));

        var result = await ProbeAsync(Get("/", server.Port));

        Assert.Equal(status < 300 ? ProbeOutcome.Success : ProbeOutcome.Warning, result.Outcome);
    }

    [Fact]
    public async Task A_500_fails_with_upstreams_message_and_without_the_body()
    {
        await using var server = new TinyHttpServer(_ => TinyHttpServer.Response(500, "secret stack trace"));

        var result = await ProbeAsync(Get("/healthz", server.Port));

        Assert.Equal(ProbeResult.Failure("HTTP probe failed with statuscode: 500"), result);
    }

    [Fact]
    public async Task The_request_carries_kube_probes_defaults_the_probes_headers_and_its_host_override()
    {
        await using var server = new TinyHttpServer(_ => TinyHttpServer.Response(200));
        var action = Get("/healthz?full=1", port: null);
        action.Port = "web";
        action.HttpHeaders = [new V1HTTPHeader { Name = "X-Probe", Value = "yes" }, new V1HTTPHeader { Name = "Host", Value = "example.test" }];
        var container = new V1Container { Name = "app", Ports = [new V1ContainerPort { Name = "web", ContainerPort = server.Port }] };

        var result = await _prober.ProbeAsync(action, container, "127.0.0.1", Timeout, CancellationToken.None);

        Assert.Equal(ProbeOutcome.Success, result.Outcome);
        var head = Assert.Single(server.Requests);
        Assert.Equal("GET /healthz?full=1 HTTP/1.1", TinyHttpServer.RequestLine(head));
        var headers = TinyHttpServer.HeaderLines(head);
        Assert.Contains("Host: example.test", headers);
        Assert.Contains("User-Agent: kube-probe/1.32", headers);
        Assert.Contains("Accept: */*", headers);
        Assert.Contains("X-Probe: yes", headers);
        Assert.Contains("Connection: close", headers);
        Assert.DoesNotContain(headers, h => h.StartsWith("Accept-Encoding", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_probe_may_set_its_own_user_agent_and_drop_accept()
    {
        await using var server = new TinyHttpServer(_ => TinyHttpServer.Response(200));
        var action = Get("/", server.Port);
        action.HttpHeaders = [new V1HTTPHeader { Name = "User-Agent", Value = "mine/1.0" }, new V1HTTPHeader { Name = "Accept", Value = "" }];

        await ProbeAsync(action);

        var headers = TinyHttpServer.HeaderLines(Assert.Single(server.Requests));
        Assert.Contains("User-Agent: mine/1.0", headers);
        Assert.DoesNotContain(headers, h => h.StartsWith("Accept:", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_redirect_to_the_same_host_is_followed_and_keeps_the_host_header_when_relative()
    {
        await using var server = new TinyHttpServer(head => TinyHttpServer.RequestLine(head).StartsWith("GET /old", StringComparison.Ordinal)
            ? TinyHttpServer.Response(302, "moved", ("Location", "/new"))
            : TinyHttpServer.Response(200, "fresh"));
        var action = Get("/old", server.Port);
        action.HttpHeaders = [new V1HTTPHeader { Name = "Host", Value = "example.test" }];

        var result = await ProbeAsync(action);

        Assert.Equal(ProbeResult.Success("fresh"), result);
        var heads = server.Requests.ToArray();
        Assert.Equal(["GET /old HTTP/1.1", "GET /new HTTP/1.1"], heads.Select(TinyHttpServer.RequestLine));
        Assert.Contains("Host: example.test", TinyHttpServer.HeaderLines(heads[1]));
    }

    [Fact]
    public async Task A_redirect_to_another_host_is_not_followed_and_succeeds_with_a_warning()
    {
        await using var server = new TinyHttpServer(_ => TinyHttpServer.Response(302, "moved", ("Location", "http://localhost:1/elsewhere")));

        var result = await ProbeAsync(Get("/", server.Port));

        Assert.Equal(ProbeResult.Warning("Probe terminated redirects, Response body: moved"), result);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task More_than_ten_redirects_fail()
    {
        await using var server = new TinyHttpServer(_ => TinyHttpServer.Response(302, "", ("Location", "/loop")));

        var result = await ProbeAsync(Get("/loop", server.Port));

        Assert.Equal(ProbeResult.Failure("Get \"/loop\": stopped after 10 redirects"), result);
        Assert.Equal(11, server.Requests.Count);
    }

    [Fact]
    public async Task At_most_10_KiB_of_the_body_is_read()
    {
        await using var server = new TinyHttpServer(_ => TinyHttpServer.Response(200, new string('a', 20_000)));

        var result = await ProbeAsync(Get("/", server.Port));

        Assert.Equal(ProbeOutcome.Success, result.Outcome);
        Assert.Equal(10 * 1024, result.Message.Length);
    }

    [Fact]
    public async Task A_refused_connection_fails_with_gos_dial_error()
    {
        var port = FreePort.Next();

        var result = await ProbeAsync(Get("/healthz", port));

        Assert.Equal(ProbeResult.Failure($"Get \"http://127.0.0.1:{port}/healthz\": dial tcp 127.0.0.1:{port}: connect: connection refused"), result);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_fails_with_a_timeout()
    {
        await using var server = new TinyHttpServer(_ => null);

        var probing = ProbeAsync(Get("/slow", server.Port));
        _time.Advance(Timeout);
        var result = await probing;

        Assert.Equal(
            ProbeResult.Failure($"Get \"http://127.0.0.1:{server.Port}/slow\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"),
            result);
    }

    [Fact]
    public async Task A_named_port_the_container_does_not_have_cannot_be_probed()
    {
        var action = Get("/", port: null);
        action.Port = "metrics";

        var result = await ProbeAsync(action);

        Assert.Equal(ProbeResult.Unknown("port \"metrics\" not found"), result);
    }

    private static V1HTTPGetAction Get(string path, int? port) => new() { Path = path, Port = port ?? 0, Scheme = "HTTP" };

    private Task<ProbeResult> ProbeAsync(V1HTTPGetAction action) =>
        _prober.ProbeAsync(action, new V1Container { Name = "app" }, "127.0.0.1", Timeout, CancellationToken.None);
}
