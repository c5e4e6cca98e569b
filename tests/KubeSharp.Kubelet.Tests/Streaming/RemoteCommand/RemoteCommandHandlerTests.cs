using System.Net.WebSockets;
using System.Text;
using Grpc.Core;
using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Pods;
using KubeSharp.Kubelet.Streaming.RemoteCommand;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Kubelet.Tests.Streaming.RemoteCommand;

public sealed class RemoteCommandHandlerTests
{
    private const string ExitThree =
        "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3\","
        + "\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"3\"}]}}";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly FakeRemoteCommandBackend _backend = new();
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task An_exec_over_v5_carries_output_input_resizes_the_stdin_close_and_the_exit_code()
    {
        var (serverEnd, clientEnd) = InMemoryDuplex.Create();
        var feature = new FakeWebSocketFeature(serverEnd);
        var context = WebSocketRequest("?command=sh&command=-c&command=exit%203&input=1&output=1&error=1", feature, "v5.channel.k8s.io, v4.channel.k8s.io");
        var serving = Handler(FakePodStreamingSource.Container("app")).ExecAsync(context, Pod(), "app", CancellationToken.None);
        using var client = WebSocketTestClient.Connect(clientEnd);
        var session = _backend.Session;

        // The empty message on stdout says the session is up.
        Assert.Equal("1:", WebSocketTestClient.Show((await WebSocketTestClient.ReceiveAsync(client)).Data));
        Assert.Equal("v5.channel.k8s.io", feature.SubProtocol);
        var request = Assert.Single(_backend.Prepared);
        Assert.Equal("c-app", request.ContainerId);
        Assert.Equal(["sh", "-c", "exit 3"], request.Command);
        Assert.Equal(new RemoteCommandOptions(Stdin: true, Stdout: true, Stderr: true, Tty: false), request.Streams);

        session.WriteStdout("hello\n");
        Assert.Equal("1:hello\n", WebSocketTestClient.Show((await WebSocketTestClient.ReceiveAsync(client)).Data));
        session.WriteStderr("oops\n");
        Assert.Equal("2:oops\n", WebSocketTestClient.Show((await WebSocketTestClient.ReceiveAsync(client)).Data));

        await WebSocketTestClient.SendAsync(client, 4, "{\"Width\":80,\"Height\":24}");
        Assert.Equal(new TerminalSize(80, 24), await session.Resizes.ReadAsync().AsTask().WaitAsync(Patience));
        await WebSocketTestClient.SendAsync(client, 0, "echo in\n");
        await WebSocketTestClient.SendAsync(client, [255, 0], WebSocketMessageType.Binary);
        Assert.Equal("echo in\n", await session.ReadAllStdinAsync().WaitAsync(Patience));

        session.End(RemoteCommandStatus.NonZeroExit(3, "error executing command [sh -c exit 3], exit code 3"));
        Assert.Equal("3:" + ExitThree, WebSocketTestClient.Show((await WebSocketTestClient.ReceiveAsync(client)).Data));
        Assert.Equal(WebSocketMessageType.Close, (await WebSocketTestClient.ReceiveAsync(client)).Type);
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);

        await serving.WaitAsync(Patience);
        Assert.True(session.Disposed.Task.IsCompleted);
    }

    [Fact]
    public async Task The_base64_protocol_sends_text_messages_with_a_channel_digit()
    {
        var (serverEnd, clientEnd) = InMemoryDuplex.Create();
        var context = WebSocketRequest("?command=cat&input=1&output=1", new FakeWebSocketFeature(serverEnd), "v4.base64.channel.k8s.io");
        var serving = Handler(FakePodStreamingSource.Container("app")).ExecAsync(context, Pod(), "app", CancellationToken.None);
        using var client = WebSocketTestClient.Connect(clientEnd);
        var session = _backend.Session;

        Assert.Equal((WebSocketMessageType.Text, "1"), AsText(await WebSocketTestClient.ReceiveAsync(client)));
        await WebSocketTestClient.SendAsync(client, Encoding.ASCII.GetBytes("0aGk="), WebSocketMessageType.Text);
        await WebSocketTestClient.SendAsync(client, Encoding.ASCII.GetBytes("0!!!"), WebSocketMessageType.Text);
        await WebSocketTestClient.SendAsync(client, Encoding.ASCII.GetBytes("0IQ=="), WebSocketMessageType.Text);
        session.WriteStdout("hi");
        Assert.Equal((WebSocketMessageType.Text, "1aGk="), AsText(await WebSocketTestClient.ReceiveAsync(client)));

        session.End(RemoteCommandStatus.Success);
        var success = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"metadata\":{},\"status\":\"Success\"}"));
        Assert.Equal((WebSocketMessageType.Text, "3" + success), AsText(await WebSocketTestClient.ReceiveAsync(client)));
        Assert.Equal(WebSocketMessageType.Close, (await WebSocketTestClient.ReceiveAsync(client)).Type);
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await serving.WaitAsync(Patience);

        // Undecodable base64 is dropped; the rest arrives in order.
        await session.CloseStdinAsync(CancellationToken.None);
        Assert.Equal("hi!", await session.ReadAllStdinAsync().WaitAsync(Patience));
    }

    [Fact]
    public async Task The_first_protocol_reports_only_failures_as_text()
    {
        var (serverEnd, clientEnd) = InMemoryDuplex.Create();
        var context = WebSocketRequest("?command=false&output=1", new FakeWebSocketFeature(serverEnd), "channel.k8s.io");
        var serving = Handler(FakePodStreamingSource.Container("app")).ExecAsync(context, Pod(), "app", CancellationToken.None);
        using var client = WebSocketTestClient.Connect(clientEnd);

        Assert.Equal("1:", WebSocketTestClient.Show((await WebSocketTestClient.ReceiveAsync(client)).Data));
        _backend.Session.End(RemoteCommandStatus.NonZeroExit(1, "error executing command [false], exit code 1"));
        Assert.Equal(
            "3:command terminated with non-zero exit code: error executing command [false], exit code 1",
            WebSocketTestClient.Show((await WebSocketTestClient.ReceiveAsync(client)).Data));
        Assert.Equal(WebSocketMessageType.Close, (await WebSocketTestClient.ReceiveAsync(client)).Type);
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await serving.WaitAsync(Patience);
    }

    [Fact]
    public async Task Without_a_subprotocol_success_is_the_close_alone()
    {
        var (serverEnd, clientEnd) = InMemoryDuplex.Create();
        var feature = new FakeWebSocketFeature(serverEnd);
        var context = WebSocketRequest("?command=true&error=1", feature, null);
        var serving = Handler(FakePodStreamingSource.Container("app")).ExecAsync(context, Pod(), "app", CancellationToken.None);
        using var client = WebSocketTestClient.Connect(clientEnd);

        // Only stderr asked for: the first message is on stderr.
        Assert.Equal("2:", WebSocketTestClient.Show((await WebSocketTestClient.ReceiveAsync(client)).Data));
        Assert.Null(feature.SubProtocol);
        _backend.Session.End(RemoteCommandStatus.Success);
        Assert.Equal(WebSocketMessageType.Close, (await WebSocketTestClient.ReceiveAsync(client)).Type);
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await serving.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_client_that_goes_away_ends_the_session_with_the_runtime()
    {
        var (serverEnd, clientEnd) = InMemoryDuplex.Create();
        var context = WebSocketRequest("?command=sleep&command=1000&output=1", new FakeWebSocketFeature(serverEnd), "v5.channel.k8s.io");
        var serving = Handler(FakePodStreamingSource.Container("app")).ExecAsync(context, Pod(), "app", CancellationToken.None);
        var client = WebSocketTestClient.Connect(clientEnd);
        Assert.Equal("1:", WebSocketTestClient.Show((await WebSocketTestClient.ReceiveAsync(client)).Data));

        client.Dispose();
        await clientEnd.DisposeAsync();

        await serving.WaitAsync(Patience);
        await _backend.Session.Disposed.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task An_unreachable_runtime_is_an_internal_error_on_the_error_channel()
    {
        _backend.ConnectFailure = new IOException("dial tcp 127.0.0.1:40000: connect: connection refused");
        var (serverEnd, clientEnd) = InMemoryDuplex.Create();
        var context = WebSocketRequest("?command=ls&output=1", new FakeWebSocketFeature(serverEnd), "v4.channel.k8s.io");
        var serving = Handler(FakePodStreamingSource.Container("app")).ExecAsync(context, Pod(), "app", CancellationToken.None);
        using var client = WebSocketTestClient.Connect(clientEnd);

        Assert.Equal("1:", WebSocketTestClient.Show((await WebSocketTestClient.ReceiveAsync(client)).Data));
        Assert.Equal(
            "3:{\"metadata\":{},\"status\":\"Failure\",\"message\":\"Internal error occurred: dial tcp 127.0.0.1:40000: connect: connection refused\","
            + "\"reason\":\"InternalError\",\"details\":{\"causes\":[{\"message\":\"dial tcp 127.0.0.1:40000: connect: connection refused\"}]},\"code\":500}",
            WebSocketTestClient.Show((await WebSocketTestClient.ReceiveAsync(client)).Data));
        Assert.Equal(WebSocketMessageType.Close, (await WebSocketTestClient.ReceiveAsync(client)).Type);
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await serving.WaitAsync(Patience);
    }

    [Fact]
    public async Task Unsupported_websocket_protocols_are_forbidden_before_the_upgrade()
    {
        var (serverEnd, _) = InMemoryDuplex.Create();
        var feature = new FakeWebSocketFeature(serverEnd);
        var context = WebSocketRequest("?command=ls&output=1", feature, "v3.channel.k8s.io");

        await Handler(FakePodStreamingSource.Container("app")).ExecAsync(context, Pod(), "app", CancellationToken.None);

        Assert.False(feature.Accepted);
        Assert.Equal(403, context.Response.StatusCode);
        Assert.Equal(
            Refusal(403, "Forbidden", "requested protocol(s) are not supported: [v3.channel.k8s.io]; supports "
                + "[v5.channel.k8s.io v4.channel.k8s.io v4.base64.channel.k8s.io channel.k8s.io base64.channel.k8s.io]"),
            Body(context));
    }

    [Fact]
    public async Task A_request_for_no_stream_is_a_bad_request()
    {
        var context = PlainRequest("?command=ls&tty=1&error=1");

        await Handler(FakePodStreamingSource.Container("app")).ExecAsync(context, Pod(), "app", CancellationToken.None);

        Assert.Equal(400, context.Response.StatusCode);
        Assert.Equal("application/json", context.Response.ContentType);
        Assert.Equal(Refusal(400, "BadRequest", "you must specify at least 1 of stdin, stdout, stderr"), Body(context));
        Assert.Empty(_backend.Prepared);
    }

    [Fact]
    public async Task Exec_into_a_container_that_is_not_running_is_refused_as_upstream_words_it()
    {
        var context = PlainRequest("?command=ls&output=1");

        await Handler(FakePodStreamingSource.Container("app", ContainerState.ContainerExited)).ExecAsync(context, Pod(), "app", CancellationToken.None);

        Assert.Equal(500, context.Response.StatusCode);
        Assert.Equal(Refusal(500, "InternalError", "container not found (\\\"app\\\")"), Body(context));
    }

    [Fact]
    public async Task Attach_to_a_container_the_pod_does_not_have_is_refused()
    {
        var context = PlainRequest("?output=1");

        await Handler(FakePodStreamingSource.Container("sidecar")).AttachAsync(context, Pod(), "sidecar", CancellationToken.None);

        Assert.Equal(500, context.Response.StatusCode);
        Assert.Equal(Refusal(500, "InternalError", "container sidecar not found in pod web_default"), Body(context));
    }

    [Fact]
    public async Task A_runtime_refusal_keeps_its_http_code_and_text()
    {
        _backend.Refusal = RemoteCommandException.FromRpc(new RpcException(new Grpc.Core.Status(StatusCode.NotFound, "an error occurred when try to find container \"c-app\": not found")));
        var context = PlainRequest("?command=ls&output=1");

        await Handler(FakePodStreamingSource.Container("app")).ExecAsync(context, Pod(), "app", CancellationToken.None);

        Assert.Equal(404, context.Response.StatusCode);
        Assert.Equal(
            Refusal(404, "NotFound", "rpc error: code = NotFound desc = an error occurred when try to find container \\\"c-app\\\": not found"),
            Body(context));
    }

    [Fact]
    public async Task Attach_follows_the_containers_own_terminal()
    {
        var context = PlainRequest("?input=1&output=1&error=1");

        await Handler(FakePodStreamingSource.Container("app")).AttachAsync(context, Pod(tty: true), "app", CancellationToken.None);

        var request = Assert.Single(_backend.Prepared);
        Assert.Null(request.Command);
        Assert.Equal(new RemoteCommandOptions(Stdin: true, Stdout: true, Stderr: false, Tty: true), request.Streams);
    }

    [Fact]
    public async Task Spdy_needs_the_version_header()
    {
        var context = PlainRequest("?command=ls&output=1");

        await Handler(FakePodStreamingSource.Container("app")).ExecAsync(context, Pod(), "app", CancellationToken.None);

        Assert.Equal(400, context.Response.StatusCode);
        Assert.Equal(Refusal(400, "BadRequest", "unable to upgrade: X-Stream-Protocol-Version is required"), Body(context));
    }

    [Fact]
    public async Task Spdy_without_a_common_version_is_forbidden_with_the_versions_served()
    {
        var context = PlainRequest("?command=ls&output=1");
        context.Request.Headers["X-Stream-Protocol-Version"] = "v5.channel.k8s.io,v9.channel.k8s.io";

        await Handler(FakePodStreamingSource.Container("app")).ExecAsync(context, Pod(), "app", CancellationToken.None);

        Assert.Equal(403, context.Response.StatusCode);
        Assert.Equal(
            ["v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io"],
            context.Response.Headers["X-Accepted-Stream-Protocol-Versions"].Select(v => v ?? string.Empty).ToArray());
        Assert.Equal(
            Refusal(403, "Forbidden", "unable to upgrade: unable to negotiate protocol: client supports [v5.channel.k8s.io v9.channel.k8s.io], "
                + "server accepts [v4.channel.k8s.io v3.channel.k8s.io v2.channel.k8s.io channel.k8s.io]"),
            Body(context));
    }

    [Fact]
    public async Task Spdy_needs_the_upgrade_headers()
    {
        var context = PlainRequest("?command=ls&output=1");
        context.Request.Headers["X-Stream-Protocol-Version"] = "v4.channel.k8s.io";

        await Handler(FakePodStreamingSource.Container("app")).ExecAsync(context, Pod(), "app", CancellationToken.None);

        Assert.Equal(400, context.Response.StatusCode);
        Assert.Equal(Refusal(400, "BadRequest", "unable to upgrade: missing upgrade headers in request"), Body(context));
    }

    private static V1Pod Pod(bool tty = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "uid-web" },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "localhost/busybox:1.35", Tty = tty }] },
    };

    private static DefaultHttpContext PlainRequest(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.QueryString = new QueryString(query);
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static DefaultHttpContext WebSocketRequest(string query, FakeWebSocketFeature feature, string? protocols)
    {
        var context = PlainRequest(query);
        context.Request.Method = "GET";
        context.Features.Set<IHttpWebSocketFeature>(feature);
        if (protocols is not null)
        {
            context.Request.Headers["Sec-WebSocket-Protocol"] = protocols;
        }

        return context;
    }

    private static string Refusal(int code, string reason, string message) =>
        $"{{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{{}},\"status\":\"Failure\",\"message\":\"{message}\",\"reason\":\"{reason}\",\"code\":{code}}}";

    private static string Body(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    private static (WebSocketMessageType Type, string Text) AsText((WebSocketMessageType Type, byte[] Data) message) =>
        (message.Type, Encoding.UTF8.GetString(message.Data));

    private RemoteCommandHandler Handler(params RuntimeContainer[] containers) =>
        new(new FakePodStreamingSource(containers), _backend, _time, NullLogger.Instance);
}
