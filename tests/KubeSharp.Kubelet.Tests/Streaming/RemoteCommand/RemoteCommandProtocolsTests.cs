using KubeSharp.Kubelet.Streaming.RemoteCommand;

namespace KubeSharp.Kubelet.Tests.Streaming.RemoteCommand;

public sealed class RemoteCommandProtocolsTests
{
    [Fact]
    public void Kubectl_gets_v5_over_websocket()
    {
        Assert.Equal("v5.channel.k8s.io", RemoteCommandProtocols.NegotiateWebSocket(["v5.channel.k8s.io"]));
    }

    [Fact]
    public void The_csharp_client_gets_v4_over_websocket()
    {
        Assert.Equal("v4.channel.k8s.io", RemoteCommandProtocols.NegotiateWebSocket(["v4.channel.k8s.io"]));
    }

    [Fact]
    public void The_clients_order_decides_as_in_upstreams_handshake()
    {
        Assert.Equal(
            "v4.base64.channel.k8s.io",
            RemoteCommandProtocols.NegotiateWebSocket(["v9.channel.k8s.io", "v4.base64.channel.k8s.io", "v5.channel.k8s.io"]));
    }

    [Fact]
    public void A_websocket_client_that_names_no_protocol_gets_the_unnamed_one()
    {
        Assert.Equal(string.Empty, RemoteCommandProtocols.NegotiateWebSocket([]));
    }

    [Fact]
    public void Only_unknown_websocket_protocols_fail()
    {
        Assert.Null(RemoteCommandProtocols.NegotiateWebSocket(["v3.channel.k8s.io", "SPDY/3.1+portforward.k8s.io"]));
    }

    [Fact]
    public void Kubectl_gets_v4_over_spdy()
    {
        // client-go's SPDY executor offers v5 first; upstream's CRI streaming server (containerd's) serves v4 down to v1.
        var offered = RemoteCommandProtocols.SplitOffered(["v5.channel.k8s.io", "v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io"]);

        Assert.Equal("v4.channel.k8s.io", RemoteCommandProtocols.NegotiateSpdy(offered));
    }

    [Fact]
    public void Spdy_versions_may_come_comma_separated()
    {
        var offered = RemoteCommandProtocols.SplitOffered(["v3.channel.k8s.io, v2.channel.k8s.io", null]);

        Assert.Equal(["v3.channel.k8s.io", "v2.channel.k8s.io"], offered);
        Assert.Equal("v3.channel.k8s.io", RemoteCommandProtocols.NegotiateSpdy(offered));
    }

    [Fact]
    public void No_common_spdy_version_fails()
    {
        Assert.Null(RemoteCommandProtocols.NegotiateSpdy(["v5.channel.k8s.io", "portforward.k8s.io"]));
    }

    [Theory]
    [InlineData("channel.k8s.io", false, false)]
    [InlineData("v2.channel.k8s.io", false, false)]
    [InlineData("v3.channel.k8s.io", false, true)]
    [InlineData("v4.channel.k8s.io", true, true)]
    public void Spdy_versions_add_resizing_then_json_status(string protocol, bool json, bool resize)
    {
        Assert.Equal(json, RemoteCommandProtocols.HasJsonStatus(protocol));
        Assert.Equal(resize, RemoteCommandProtocols.SupportsResize(protocol));
    }
}
