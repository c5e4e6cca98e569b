using KubeSharp.Kubelet.Streaming.Spdy;

namespace KubeSharp.Kubelet.Tests.Streaming.Spdy;

/// <summary>Flow control against a peer played frame by frame.</summary>
public sealed class SpdyFlowControlTests
{
    private const int Window = SpdyConnection.InitialWindowSize;

    // Long enough for a frame that should not come to show up.
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    private static readonly Dictionary<string, string> Headers = new(StringComparer.Ordinal) { ["streamtype"] = "data" };

    [Fact]
    public async Task Writes_stop_at_the_window_of_a_peer_that_keeps_windows()
    {
        await using var peer = RawPeer.ForClient(RawPeer.InitialWindow(Window));
        var stream = await peer.OpenFromClientAsync(Headers);
        var sent = SpdyPair.Pattern(100 * 1024);

        var writing = stream.WriteAsync(sent, SpdyPair.Bounded()).AsTask();
        var first = await peer.ReadDataAsync(stream.Id, Window);
        Assert.Null(await peer.NextWithinAsync(Quiet));
        Assert.False(writing.IsCompleted);

        // The stream's window alone is not enough: the session's is spent too.
        await peer.Writer.WriteWindowUpdateAsync(stream.Id, 40_000, SpdyPair.Bounded());
        Assert.Null(await peer.NextWithinAsync(Quiet));
        await peer.Writer.WriteWindowUpdateAsync(0, 40_000, SpdyPair.Bounded());
        var rest = await peer.ReadDataAsync(stream.Id, sent.Length - Window);
        await writing.WaitAsync(SpdyPair.Bound);

        Assert.Equal(sent, first.Concat(rest).ToArray());
    }

    [Fact]
    public async Task The_peers_initial_window_setting_applies()
    {
        await using var peer = RawPeer.ForClient(RawPeer.InitialWindow(1000));
        var stream = await peer.OpenFromClientAsync(Headers);

        var writing = stream.WriteAsync(SpdyPair.Pattern(5000), SpdyPair.Bounded()).AsTask();
        await peer.ReadDataAsync(stream.Id, 1000);
        Assert.Null(await peer.NextWithinAsync(Quiet));
        await peer.Writer.WriteWindowUpdateAsync(stream.Id, 4000, SpdyPair.Bounded());
        await peer.ReadDataAsync(stream.Id, 4000);

        await writing.WaitAsync(SpdyPair.Bound);
    }

    [Fact]
    public async Task A_peer_that_never_sends_window_updates_is_written_to_without_waiting()
    {
        // spdystream's way: no SETTINGS, no WINDOW_UPDATE, windows ignored.
        await using var peer = RawPeer.ForClient();
        var stream = await peer.OpenFromClientAsync(Headers);
        var sent = SpdyPair.Pattern(300 * 1024);

        var writing = Task.Run(async () =>
        {
            await stream.WriteAsync(sent, SpdyPair.Bounded());
            await stream.CloseWriteAsync(SpdyPair.Bounded());
        });
        var received = await peer.ReadDataAsync(stream.Id, sent.Length);
        var fin = await peer.NextAsync<DataFrame>();
        await writing.WaitAsync(SpdyPair.Bound);

        Assert.Equal(sent, received);
        Assert.True(fin.Fin);
        Assert.Equal(0, fin.Data.Length);
    }

    [Fact]
    public async Task Reading_gives_window_back_to_the_stream_and_the_session()
    {
        await using var peer = RawPeer.ForServer();
        await peer.Writer.WriteSynStreamAsync(1, 0, Headers, SpdyPair.Bounded());
        var stream = await peer.Connection.AcceptStreamAsync(SpdyPair.Bounded());
        Assert.NotNull(stream);
        await stream.ReplyAsync(SpdyPair.Bounded());
        var settings = await peer.NextAsync<SettingsFrame>();
        Assert.Equal(new SpdySetting(0, SpdySetting.InitialWindowSizeId, (uint)Window), Assert.Single(settings.Settings));
        Assert.Equal(1u, (await peer.NextAsync<SynReplyFrame>()).StreamId);

        var sent = SpdyPair.Pattern(Window);
        for (var offset = 0; offset < sent.Length; offset += SpdyStream.MaxDataFrame)
        {
            await peer.Writer.WriteDataAsync(1, 0, sent.AsMemory(offset, Math.Min(SpdyStream.MaxDataFrame, sent.Length - offset)), SpdyPair.Bounded());
        }

        // Nothing is given back until half the window is read.
        Assert.Equal(sent[..20_000], await SpdyPair.ReadExactlyAsync(stream, 20_000));
        Assert.Null(await peer.NextWithinAsync(Quiet));
        Assert.Equal(sent[20_000..40_000], await SpdyPair.ReadExactlyAsync(stream, 20_000));

        // Given back at the read that passed half the window: how much that is depends on how the reads fell.
        var streamUpdate = await peer.NextAsync<WindowUpdateFrame>();
        var sessionUpdate = await peer.NextAsync<WindowUpdateFrame>();
        Assert.Equal((1u, 0u), (streamUpdate.StreamId, sessionUpdate.StreamId));
        Assert.InRange(streamUpdate.Delta, (uint)Window / 2, 40_000u);
        Assert.Equal(streamUpdate.Delta, sessionUpdate.Delta);
    }

    [Fact]
    public async Task A_peer_that_overruns_the_window_is_read_as_fast_as_the_application_reads()
    {
        await using var peer = RawPeer.ForServer();
        await peer.Writer.WriteSynStreamAsync(1, 0, Headers, SpdyPair.Bounded());
        var stream = await peer.Connection.AcceptStreamAsync(SpdyPair.Bounded());
        Assert.NotNull(stream);
        var sent = SpdyPair.Pattern(4 * Window, 7);

        // Sent as spdystream sends, in 32 KiB frames with no regard for windows; it only gets through as we read.
        var sending = Task.Run(async () =>
        {
            for (var offset = 0; offset < sent.Length; offset += 32 * 1024)
            {
                await peer.Writer.WriteDataAsync(1, 0, sent.AsMemory(offset, 32 * 1024), SpdyPair.Bounded());
            }

            await peer.Writer.WriteDataAsync(1, SpdyFrame.FlagFin, ReadOnlyMemory<byte>.Empty, SpdyPair.Bounded());
        });
        var received = await SpdyPair.ReadToEndAsync(stream);
        await sending.WaitAsync(SpdyPair.Bound);

        Assert.Equal(sent, received);
    }

    [Fact]
    public async Task Data_for_no_stream_gives_its_window_back_to_the_session()
    {
        await using var peer = RawPeer.ForServer();

        await peer.Writer.WriteDataAsync(9, 0, new byte[Window / 2], SpdyPair.Bounded());

        Assert.IsType<SettingsFrame>(await peer.NextAsync());
        Assert.Equal(new WindowUpdateFrame(0, Window / 2), await peer.NextAsync());
    }
}
