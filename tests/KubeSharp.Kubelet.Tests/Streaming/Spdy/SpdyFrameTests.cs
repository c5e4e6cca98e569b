using KubeSharp.Kubelet.Streaming.Spdy;

namespace KubeSharp.Kubelet.Tests.Streaming.Spdy;

public sealed class SpdyFrameTests
{
    [Fact]
    public async Task Control_frames_have_the_drafts_layout()
    {
        var (wire, writer) = Capture();

        await writer.WriteRstStreamAsync(5, RstStreamStatus.Cancel, CancellationToken.None);
        await writer.WritePingAsync(7, CancellationToken.None);
        await writer.WriteGoAwayAsync(3, GoAwayStatus.Ok, CancellationToken.None);
        await writer.WriteWindowUpdateAsync(0, 0x8000, CancellationToken.None);

        Assert.Equal(
            "8003000300000008" + "0000000500000005"
            + "8003000600000004" + "00000007"
            + "8003000700000008" + "0000000300000000"
            + "8003000900000008" + "0000000000008000",
            Convert.ToHexString(wire.ToArray()));
    }

    [Fact]
    public async Task Data_frames_carry_the_stream_flags_and_length()
    {
        var (wire, writer) = Capture();

        await writer.WriteDataAsync(3, SpdyFrame.FlagFin, new byte[] { 0xAB, 0xCD }, CancellationToken.None);

        Assert.Equal("0000000301000002ABCD", Convert.ToHexString(wire.ToArray()));
    }

    [Fact]
    public async Task The_preface_goes_before_the_first_frame_only()
    {
        var (wire, writer) = Capture(new SpdySetting(0, SpdySetting.InitialWindowSizeId, 65536));

        await writer.WritePingAsync(1, CancellationToken.None);
        await writer.WritePingAsync(3, CancellationToken.None);

        Assert.Equal(
            "800300040000000C" + "00000001" + "0000000700010000"
            + "8003000600000004" + "00000001"
            + "8003000600000004" + "00000003",
            Convert.ToHexString(wire.ToArray()));
    }

    [Fact]
    public async Task Frames_read_back_as_written()
    {
        var (left, right) = DuplexPipe.Create();
        var writer = new SpdyFrameWriter(left, [new SpdySetting(0, SpdySetting.InitialWindowSizeId, 1000)], CancellationToken.None);
        var reader = new SpdyFrameReader(right);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["streamtype"] = "data", ["port"] = "8080" };

        await writer.WriteSynStreamAsync(1, SpdyFrame.FlagFin, headers, CancellationToken.None);
        await writer.WriteSynReplyAsync(1, 0, CancellationToken.None);
        await writer.WriteDataAsync(1, 0, new byte[] { 1, 2, 3 }, CancellationToken.None);
        await writer.WriteRstStreamAsync(1, RstStreamStatus.RefusedStream, CancellationToken.None);
        await writer.WritePingAsync(2, CancellationToken.None);
        await writer.WriteWindowUpdateAsync(1, 4096, CancellationToken.None);
        await writer.WriteGoAwayAsync(1, GoAwayStatus.ProtocolError, CancellationToken.None);
        await left.DisposeAsync();

        var settings = Assert.IsType<SettingsFrame>(await reader.ReadFrameAsync(CancellationToken.None));
        Assert.Equal(new SpdySetting(0, SpdySetting.InitialWindowSizeId, 1000), Assert.Single(settings.Settings));
        var syn = Assert.IsType<SynStreamFrame>(await reader.ReadFrameAsync(CancellationToken.None));
        Assert.Equal((1u, 0u, true, false), (syn.StreamId, syn.AssociatedStreamId, syn.Fin, syn.Unidirectional));
        Assert.Equal("data", syn.Headers["streamtype"]);
        Assert.Equal("8080", syn.Headers["port"]);
        var reply = Assert.IsType<SynReplyFrame>(await reader.ReadFrameAsync(CancellationToken.None));
        Assert.Equal(1u, reply.StreamId);
        Assert.Empty(reply.Headers);
        var data = Assert.IsType<DataFrame>(await reader.ReadFrameAsync(CancellationToken.None));
        Assert.Equal((1u, false), (data.StreamId, data.Fin));
        Assert.Equal(new byte[] { 1, 2, 3 }, data.Data.ToArray());
        Assert.Equal(new RstStreamFrame(1, RstStreamStatus.RefusedStream), await reader.ReadFrameAsync(CancellationToken.None));
        Assert.Equal(new PingFrame(2), await reader.ReadFrameAsync(CancellationToken.None));
        Assert.Equal(new WindowUpdateFrame(1, 4096), await reader.ReadFrameAsync(CancellationToken.None));
        Assert.Equal(new GoAwayFrame(1, GoAwayStatus.ProtocolError), await reader.ReadFrameAsync(CancellationToken.None));
        Assert.Null(await reader.ReadFrameAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Unknown_control_frames_are_skipped()
    {
        // A CREDENTIAL frame (type 10, SPDY/3 only), then a PING.
        var wire = Convert.FromHexString("8003000A00000002FFFF" + "8003000600000004" + "00000009");
        var reader = new SpdyFrameReader(new MemoryStream(wire));

        Assert.Equal(new PingFrame(9), await reader.ReadFrameAsync(CancellationToken.None));
        Assert.Null(await reader.ReadFrameAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Another_version_breaks_the_session()
    {
        var reader = new SpdyFrameReader(new MemoryStream(Convert.FromHexString("8002000600000004" + "00000001")));

        await Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadFrameAsync(CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task A_transport_that_ends_inside_a_frame_is_an_error()
    {
        var reader = new SpdyFrameReader(new MemoryStream(Convert.FromHexString("8003000600000004" + "0000")));

        await Assert.ThrowsAsync<EndOfStreamException>(() => reader.ReadFrameAsync(CancellationToken.None).AsTask());
    }

    private static (MemoryStream Wire, SpdyFrameWriter Writer) Capture(params SpdySetting[] preface)
    {
        var wire = new MemoryStream();
        return (wire, new SpdyFrameWriter(wire, preface, CancellationToken.None));
    }
}
