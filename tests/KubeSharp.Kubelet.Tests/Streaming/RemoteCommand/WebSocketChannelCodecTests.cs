using System.Net.WebSockets;
using System.Text;
using KubeSharp.Kubelet.Streaming.RemoteCommand;

namespace KubeSharp.Kubelet.Tests.Streaming.RemoteCommand;

public sealed class WebSocketChannelCodecTests
{
    [Theory]
    [InlineData("v5.channel.k8s.io")]
    [InlineData("v4.channel.k8s.io")]
    [InlineData("channel.k8s.io")]
    [InlineData("")]
    public void Binary_protocols_put_the_channel_byte_before_the_data(string protocol)
    {
        var codec = WebSocketChannelCodec.For(protocol);

        Assert.Equal(WebSocketMessageType.Binary, codec.MessageType);
        Assert.Equal(new byte[] { 1, (byte)'h', (byte)'i' }, codec.Encode(RemoteCommandChannel.Stdout, "hi"u8));
        Assert.Equal(new byte[] { 3 }, codec.Encode(RemoteCommandChannel.Error, []));

        var decoded = codec.Decode(new byte[] { 0, (byte)'l', (byte)'s', (byte)'\n' });
        Assert.Equal(ChannelMessageKind.Data, decoded.Kind);
        Assert.Equal((int)RemoteCommandChannel.Stdin, decoded.Channel);
        Assert.Equal("ls\n", Encoding.UTF8.GetString(decoded.Payload.Span));
    }

    [Theory]
    [InlineData("v4.base64.channel.k8s.io")]
    [InlineData("base64.channel.k8s.io")]
    public void Base64_protocols_send_a_channel_digit_and_base64_text(string protocol)
    {
        var codec = WebSocketChannelCodec.For(protocol);

        Assert.Equal(WebSocketMessageType.Text, codec.MessageType);
        Assert.Equal("1Zm9vCg==", Encoding.ASCII.GetString(codec.Encode(RemoteCommandChannel.Stdout, "foo\n"u8)));
        Assert.Equal("2", Encoding.ASCII.GetString(codec.Encode(RemoteCommandChannel.Stderr, [])));

        // Upstream's example: "foo\n" on stdin.
        var decoded = codec.Decode(Encoding.ASCII.GetBytes("0Zm9vCg=="));
        Assert.Equal(ChannelMessageKind.Data, decoded.Kind);
        Assert.Equal(0, decoded.Channel);
        Assert.Equal("foo\n", Encoding.UTF8.GetString(decoded.Payload.Span));
    }

    [Fact]
    public void Base64_that_does_not_decode_is_a_bad_payload()
    {
        var decoded = WebSocketChannelCodec.For("v4.base64.channel.k8s.io").Decode(Encoding.ASCII.GetBytes("0not base64!"));

        Assert.Equal(ChannelMessageKind.BadPayload, decoded.Kind);
    }

    [Fact]
    public void Encoding_into_a_buffer_writes_at_most_the_maximum_length()
    {
        var codec = WebSocketChannelCodec.For("v4.base64.channel.k8s.io");
        var data = new byte[1000];
        var buffer = new byte[codec.MaxEncodedLength(data.Length)];

        var length = codec.Encode(RemoteCommandChannel.Stdout, data, buffer);

        Assert.Equal(1 + 1336, length);
        Assert.Equal((byte)'1', buffer[0]);
    }

    [Fact]
    public void V5_reads_the_close_signal()
    {
        var codec = WebSocketChannelCodec.For("v5.channel.k8s.io");

        var close = codec.Decode(new byte[] { 255, 0 });

        Assert.True(codec.SupportsCloseSignal);
        Assert.Equal(ChannelMessageKind.Close, close.Kind);
        Assert.Equal((int)RemoteCommandChannel.Stdin, close.Channel);
        Assert.Equal(ChannelMessageKind.BadCloseSignal, codec.Decode(new byte[] { 255 }).Kind);
        Assert.Equal(ChannelMessageKind.BadCloseSignal, codec.Decode(new byte[] { 255, 0, 0 }).Kind);
    }

    [Fact]
    public void Before_v5_byte_255_is_just_a_channel_nobody_reads()
    {
        var decoded = WebSocketChannelCodec.For("v4.channel.k8s.io").Decode(new byte[] { 255, 0 });

        Assert.Equal(ChannelMessageKind.Data, decoded.Kind);
        Assert.Equal(255, decoded.Channel);
    }

    [Fact]
    public void An_empty_message_is_skipped()
    {
        Assert.Equal(ChannelMessageKind.Empty, WebSocketChannelCodec.For("v5.channel.k8s.io").Decode(ReadOnlyMemory<byte>.Empty).Kind);
    }

    [Theory]
    [InlineData("v5.channel.k8s.io", true)]
    [InlineData("v4.channel.k8s.io", true)]
    [InlineData("v4.base64.channel.k8s.io", true)]
    [InlineData("channel.k8s.io", false)]
    [InlineData("base64.channel.k8s.io", false)]
    [InlineData("", false)]
    public void The_status_is_json_from_v4_on(string protocol, bool json)
    {
        Assert.Equal(json, WebSocketChannelCodec.For(protocol).JsonStatus);
    }
}
