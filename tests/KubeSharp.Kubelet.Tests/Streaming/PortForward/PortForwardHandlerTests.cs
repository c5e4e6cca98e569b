using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Kubelet.Streaming.PortForward;
using KubeSharp.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Kubelet.Tests.Streaming.PortForward;

/// <summary>The WebSocket channel protocol end to end, against a "pod" listening on 127.0.0.1 (a host-network pod: no namespace to enter).</summary>
public sealed class PortForwardHandlerTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new();
    private readonly TcpListener _pod = new(IPAddress.Loopback, 0);

    public PortForwardHandlerTests() => _pod.Start();

    private ushort PodPort => (ushort)((IPEndPoint)_pod.LocalEndpoint).Port;

    public void Dispose() => _pod.Dispose();

    [Fact]
    public async Task Each_port_is_announced_on_its_data_and_error_channels_then_bytes_flow_both_ways()
    {
        using var pair = await WebSocketPair.ConnectAsync(PortForwardProtocols.ChannelV4);
        var (context, feature) = Request(pair.Server, $"?ports={PodPort}", PortForwardProtocols.ChannelV4);
        var handling = Handler(new FakePodStreamingSource()).HandleAsync(context, HostNetworkPod(), CancellationToken.None);

        var dataPreamble = await pair.ReceiveAsync();
        var errorPreamble = await pair.ReceiveAsync();
        Assert.Equal(WebSocketMessageType.Binary, dataPreamble.Type);
        Assert.Equal(new byte[] { 0, (byte)(PodPort & 0xff), (byte)(PodPort >> 8) }, dataPreamble.Data);
        Assert.Equal(new byte[] { 1, (byte)(PodPort & 0xff), (byte)(PodPort >> 8) }, errorPreamble.Data);
        Assert.Equal(PortForwardProtocols.ChannelV4, feature.AcceptedProtocol);

        using var backend = await _pod.AcceptTcpClientAsync();
        var stream = backend.GetStream();
        await pair.SendAsync(Message(0, "ping"), WebSocketMessageType.Binary);
        var received = new byte[4];
        await stream.ReadExactlyAsync(received).AsTask().WaitAsync(Patience);
        Assert.Equal("ping", Encoding.ASCII.GetString(received));

        await stream.WriteAsync(Encoding.ASCII.GetBytes("pong"));
        Assert.Equal(Message(0, "pong"), (await pair.ReceiveAsync()).Data);

        // The client goes away: the session ends and the pod's connection is closed.
        await pair.Client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await handling.WaitAsync(Patience);
        Assert.Equal(0, await stream.ReadAsync(new byte[1]).AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task Without_a_subprotocol_the_channel_protocol_is_binary_and_the_port_parameter_counts()
    {
        using var pair = await WebSocketPair.ConnectAsync(null);
        var (context, feature) = Request(pair.Server, $"?port={PodPort}", null);
        var handling = Handler(new FakePodStreamingSource()).HandleAsync(context, HostNetworkPod(), CancellationToken.None);

        Assert.Equal(WebSocketMessageType.Binary, (await pair.ReceiveAsync()).Type);
        Assert.Equal(WebSocketMessageType.Binary, (await pair.ReceiveAsync()).Type);
        Assert.True(feature.Accepted);
        Assert.Null(feature.AcceptedProtocol);

        using (var backend = await _pod.AcceptTcpClientAsync())
        {
            await backend.GetStream().WriteAsync(Encoding.ASCII.GetBytes("bye"));
        }

        Assert.Equal(Message(0, "bye"), (await pair.ReceiveAsync()).Data);

        // The pod closed its side: what the client might still send gets a grace, then the session closes
        // the WebSocket. The grace may not have begun at the first advance, hence the repeats.
        var closing = pair.ReceiveAsync();
        while (!closing.IsCompleted)
        {
            _time.Advance(PortForwarder.CloseGrace);
            await Task.WhenAny(closing, Task.Delay(250));
        }

        Assert.Equal(WebSocketMessageType.Close, (await closing).Type);
        await pair.Client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await handling.WaitAsync(Patience);
    }

    [Fact]
    public async Task The_base64_protocol_sends_the_channel_as_a_digit_and_the_data_in_base64()
    {
        using var pair = await WebSocketPair.ConnectAsync(PortForwardProtocols.Base64ChannelV4);
        var (context, _) = Request(pair.Server, $"?port={PodPort}", PortForwardProtocols.Base64ChannelV4);
        var handling = Handler(new FakePodStreamingSource()).HandleAsync(context, HostNetworkPod(), CancellationToken.None);

        var portBase64 = Convert.ToBase64String(new[] { (byte)(PodPort & 0xff), (byte)(PodPort >> 8) });
        var dataPreamble = await pair.ReceiveAsync();
        Assert.Equal(WebSocketMessageType.Text, dataPreamble.Type);
        Assert.Equal("0" + portBase64, Encoding.ASCII.GetString(dataPreamble.Data));
        Assert.Equal("1" + portBase64, Encoding.ASCII.GetString((await pair.ReceiveAsync()).Data));

        using var backend = await _pod.AcceptTcpClientAsync();
        var stream = backend.GetStream();
        await pair.SendAsync(Encoding.ASCII.GetBytes("0" + Convert.ToBase64String(Encoding.ASCII.GetBytes("ping"))), WebSocketMessageType.Text);
        var received = new byte[4];
        await stream.ReadExactlyAsync(received).AsTask().WaitAsync(Patience);
        Assert.Equal("ping", Encoding.ASCII.GetString(received));

        await stream.WriteAsync(Encoding.ASCII.GetBytes("pong"));
        Assert.Equal("0cG9uZw==", Encoding.ASCII.GetString((await pair.ReceiveAsync()).Data));

        await pair.Client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await handling.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_refused_connection_is_reported_on_the_ports_error_channel_in_upstreams_words()
    {
        var port = FreePort.Next();
        using var pair = await WebSocketPair.ConnectAsync(PortForwardProtocols.ChannelV4);
        var (context, _) = Request(pair.Server, $"?ports={port}", PortForwardProtocols.ChannelV4);
        var handling = Handler(new FakePodStreamingSource()).HandleAsync(context, HostNetworkPod(), CancellationToken.None);

        await pair.ReceiveAsync();
        await pair.ReceiveAsync();
        var error = await pair.ReceiveAsync();

        Assert.Equal(1, error.Data[0]);
        var text = Encoding.UTF8.GetString(error.Data, 1, error.Data.Length - 1);
        Assert.StartsWith(
            $"error forwarding port {port} to pod default/web, uid 5c1e0d6a-0000-4000-8000-000000000001: "
            + "failed to execute portforward in network namespace \"host\": "
            + $"failed to connect to localhost:{port} inside namespace \"sandbox-1\", "
            + $"IPv4: dial tcp4 127.0.0.1:{port}: connect: connection refused IPv6 dial tcp6 [::1]:{port}: ",
            text,
            StringComparison.Ordinal);
        Assert.EndsWith(" ", text, StringComparison.Ordinal);

        // Every port's connection has ended, so the session closes the WebSocket.
        Assert.Equal(WebSocketMessageType.Close, (await pair.ReceiveAsync()).Type);
        await pair.Client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await handling.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_request_without_ports_is_refused_with_a_status()
    {
        var (context, feature) = Request(null, string.Empty, PortForwardProtocols.ChannelV4);

        await Handler(new FakePodStreamingSource()).HandleAsync(context, HostNetworkPod(), CancellationToken.None);

        Assert.False(feature.Accepted);
        AssertStatus(context, 400, "BadRequest", "query parameter \"port\" is required");
    }

    [Fact]
    public async Task Only_the_v4_channel_protocols_are_spoken()
    {
        var (context, feature) = Request(null, "?port=80", "v5.channel.k8s.io");

        await Handler(new FakePodStreamingSource()).HandleAsync(context, HostNetworkPod(), CancellationToken.None);

        Assert.False(feature.Accepted);
        AssertStatus(context, 403, "Forbidden", "requested protocol(s) are not supported: [v5.channel.k8s.io]; supports [v4.channel.k8s.io v4.base64.channel.k8s.io]");
    }

    [Fact]
    public async Task A_pod_without_a_sandbox_is_refused()
    {
        var (context, feature) = Request(null, "?port=80", PortForwardProtocols.ChannelV4);

        await Handler(new FakePodStreamingSource { HasSandbox = false }).HandleAsync(context, HostNetworkPod(), CancellationToken.None);

        Assert.False(feature.Accepted);
        AssertStatus(context, 500, "InternalError", "Internal error occurred: failed to find sandboxID for pod web_default(5c1e0d6a-0000-4000-8000-000000000001)");
    }

    [Fact]
    public async Task A_pod_network_pod_whose_namespace_is_gone_is_refused()
    {
        var pod = HostNetworkPod();
        pod.Spec.HostNetwork = false;
        var (context, feature) = Request(null, "?port=80", PortForwardProtocols.ChannelV4);

        await Handler(new FakePodStreamingSource()).HandleAsync(context, pod, CancellationToken.None);

        Assert.False(feature.Accepted);
        AssertStatus(context, 500, "InternalError", "Internal error occurred: network namespace for sandbox \"sandbox-1\" is closed");
    }

    [Fact]
    public async Task A_spdy_request_must_name_the_portforward_protocol()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Headers.Connection = "Upgrade";
        context.Request.Headers.Upgrade = "SPDY/3.1";
        context.Request.Headers["X-Stream-Protocol-Version"] = "v4.channel.k8s.io";
        context.Response.Body = new MemoryStream();

        await Handler(new FakePodStreamingSource()).HandleAsync(context, HostNetworkPod(), CancellationToken.None);

        AssertStatus(context, 403, "Forbidden", "unable to upgrade: unable to negotiate protocol: client supports [v4.channel.k8s.io], server accepts [portforward.k8s.io]");
        Assert.Equal("portforward.k8s.io", context.Response.Headers["X-Accepted-Stream-Protocol-Versions"].ToString());
    }

    private PortForwardHandler Handler(FakePodStreamingSource source) => new(source, _time, NullLogger.Instance);

    private static V1Pod HostNetworkPod() => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "5c1e0d6a-0000-4000-8000-000000000001" },
        Spec = new V1PodSpec { HostNetwork = true, Containers = [new V1Container { Name = "app", Image = "localhost/echo:1.0" }] },
    };

    private static (DefaultHttpContext Context, AcceptingWebSocketFeature Feature) Request(WebSocket? server, string query, string? protocol)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/portForward/default/web";
        context.Request.QueryString = new QueryString(query);
        context.Request.Headers.Connection = "Upgrade";
        context.Request.Headers.Upgrade = "websocket";
        if (protocol is not null)
        {
            context.Request.Headers.SecWebSocketProtocol = protocol;
        }

        var feature = new AcceptingWebSocketFeature(server);
        context.Features.Set<IHttpWebSocketFeature>(feature);
        context.Response.Body = new MemoryStream();
        return (context, feature);
    }

    private static byte[] Message(byte channel, string text) => [channel, .. Encoding.ASCII.GetBytes(text)];

    private static void AssertStatus(DefaultHttpContext context, int code, string reason, string message)
    {
        Assert.Equal(code, context.Response.StatusCode);
        var status = JsonNode.Parse(((MemoryStream)context.Response.Body).ToArray())!;
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("Failure", (string?)status["status"]);
        Assert.Equal(reason, (string?)status["reason"]);
        Assert.Equal(code, (int?)status["code"]);
        Assert.Equal(message, (string?)status["message"]);
    }
}
