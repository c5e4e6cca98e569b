using KubeSharp.Kubelet.Streaming.Spdy;

namespace KubeSharp.Kubelet.Tests.Streaming.Spdy;

/// <summary>How a connection answers frames a peer played frame by frame sends it.</summary>
public sealed class SpdyPeerFrameTests
{
    private static readonly Dictionary<string, string> Headers = new(StringComparer.Ordinal) { ["streamtype"] = "error" };

    [Fact]
    public async Task A_server_echoes_the_clients_pings_and_not_its_own()
    {
        await using var peer = RawPeer.ForServer();

        // Clients ping with odd ids (kubectl every few seconds); an even id would answer a ping of the server's.
        await peer.Writer.WritePingAsync(1, SpdyPair.Bounded());
        await peer.Writer.WritePingAsync(2, SpdyPair.Bounded());
        await peer.Writer.WritePingAsync(3, SpdyPair.Bounded());

        Assert.IsType<SettingsFrame>(await peer.NextAsync());
        Assert.Equal(new PingFrame(1), await peer.NextAsync());
        Assert.Equal(new PingFrame(3), await peer.NextAsync());
    }

    [Fact]
    public async Task A_client_echoes_the_servers_pings_and_not_its_own()
    {
        await using var peer = RawPeer.ForClient();

        await peer.Writer.WritePingAsync(2, SpdyPair.Bounded());
        await peer.Writer.WritePingAsync(5, SpdyPair.Bounded());
        await peer.Writer.WritePingAsync(4, SpdyPair.Bounded());

        Assert.IsType<SettingsFrame>(await peer.NextAsync());
        Assert.Equal(new PingFrame(2), await peer.NextAsync());
        Assert.Equal(new PingFrame(4), await peer.NextAsync());
    }

    [Fact]
    public async Task A_stream_id_of_the_wrong_parity_is_refused()
    {
        await using var peer = RawPeer.ForServer();

        await peer.Writer.WriteSynStreamAsync(2, 0, Headers, SpdyPair.Bounded());
        await peer.Writer.WriteSynStreamAsync(3, 0, Headers, SpdyPair.Bounded());

        Assert.IsType<SettingsFrame>(await peer.NextAsync());
        Assert.Equal(new RstStreamFrame(2, RstStreamStatus.ProtocolError), await peer.NextAsync());
        var accepted = await peer.Connection.AcceptStreamAsync(SpdyPair.Bounded());
        Assert.Equal(3u, accepted?.Id);
        Assert.Equal("error", accepted?.Headers["streamtype"]);
    }

    [Fact]
    public async Task Header_blocks_go_on_in_one_zlib_stream_each_way()
    {
        await using var peer = RawPeer.ForServer();

        // Each header block goes on from the one before in its direction's zlib stream: two SYN_STREAMs in, two
        // SYN_REPLYs out.
        await peer.Writer.WriteSynStreamAsync(1, 0, Headers, SpdyPair.Bounded());
        var first = await peer.Connection.AcceptStreamAsync(SpdyPair.Bounded());
        var dataHeaders = new Dictionary<string, string>(StringComparer.Ordinal) { ["streamtype"] = "data", ["port"] = "80" };
        await peer.Writer.WriteSynStreamAsync(3, SpdyFrame.FlagFin, dataHeaders, SpdyPair.Bounded());
        var second = await peer.Connection.AcceptStreamAsync(SpdyPair.Bounded());
        Assert.NotNull(first);
        Assert.NotNull(second);
        await first.ReplyAsync(SpdyPair.Bounded());
        await second.ReplyAsync(SpdyPair.Bounded());

        Assert.Equal("error", first.Headers["streamtype"]);
        Assert.Equal("data", second.Headers["streamtype"]);
        Assert.Equal("80", second.Headers["port"]);
        // The FIN on the SYN_STREAM half-closed the peer's side at once.
        Assert.Equal(0, await second.ReadAsync(new byte[1], SpdyPair.Bounded()));
        Assert.IsType<SettingsFrame>(await peer.NextAsync());
        Assert.Empty((await peer.NextAsync<SynReplyFrame>()).Headers);
        Assert.Empty((await peer.NextAsync<SynReplyFrame>()).Headers);
    }

    [Fact]
    public async Task A_goaway_from_the_peer_ends_the_session()
    {
        await using var peer = RawPeer.ForServer();
        await peer.Writer.WriteSynStreamAsync(1, 0, Headers, SpdyPair.Bounded());
        var stream = await peer.Connection.AcceptStreamAsync(SpdyPair.Bounded());
        Assert.NotNull(stream);

        await peer.Writer.WriteGoAwayAsync(1, GoAwayStatus.Ok, SpdyPair.Bounded());

        await peer.Run.WaitAsync(SpdyPair.Bound);
        Assert.Equal(0, await stream.ReadAsync(new byte[1], SpdyPair.Bounded()));
        Assert.Null(await peer.Connection.AcceptStreamAsync(SpdyPair.Bounded()));
    }

    [Fact]
    public async Task A_protocol_error_sends_goaway_and_ends_the_session()
    {
        await using var peer = RawPeer.ForServer();
        await peer.Writer.WriteSynStreamAsync(1, 0, Headers, SpdyPair.Bounded());
        Assert.NotNull(await peer.Connection.AcceptStreamAsync(SpdyPair.Bounded()));

        // A SETTINGS frame whose count claims more entries than it holds.
        await peer.WriteRawAsync(Convert.FromHexString("8003000400000004" + "00000009"));

        await peer.Run.WaitAsync(SpdyPair.Bound);
        Assert.IsType<SettingsFrame>(await peer.NextAsync());
        Assert.Equal(new GoAwayFrame(1, GoAwayStatus.ProtocolError), await peer.NextAsync());
    }

    [Fact]
    public async Task Disposing_says_goaway_with_the_last_stream_accepted()
    {
        var peer = RawPeer.ForServer();
        await peer.Writer.WriteSynStreamAsync(1, 0, Headers, SpdyPair.Bounded());
        Assert.NotNull(await peer.Connection.AcceptStreamAsync(SpdyPair.Bounded()));

        await peer.Connection.DisposeAsync();

        Assert.IsType<SettingsFrame>(await peer.NextAsync());
        Assert.Equal(new GoAwayFrame(1, GoAwayStatus.Ok), await peer.NextAsync());
        Assert.Null(await peer.Reader.ReadFrameAsync(SpdyPair.Bounded()));
        await peer.DisposeAsync();
    }
}
