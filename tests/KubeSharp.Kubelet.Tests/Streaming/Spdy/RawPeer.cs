using KubeSharp.Kubelet.Streaming.Spdy;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Kubelet.Tests.Streaming.Spdy;

/// <summary>
/// A connection under test whose peer the test plays frame by frame with the frame reader and writer, e.g. as
/// spdystream does (no SETTINGS, no WINDOW_UPDATE) or as a peer that keeps windows.
/// </summary>
internal sealed class RawPeer : IAsyncDisposable
{
    private readonly Stream _end;
    private readonly CancellationTokenSource _closing = new();

    private RawPeer(bool testServer, IReadOnlyList<SpdySetting> preface)
    {
        var (tested, raw) = DuplexPipe.Create();
        _end = raw;
        Connection = testServer ? SpdyConnection.Server(tested, NullLogger.Instance) : SpdyConnection.Client(tested, NullLogger.Instance);
        Run = Connection.RunAsync(CancellationToken.None);
        Reader = new SpdyFrameReader(raw);
        Writer = new SpdyFrameWriter(raw, preface, _closing.Token);
    }

    public SpdyConnection Connection { get; }

    public Task Run { get; }

    public SpdyFrameReader Reader { get; }

    public SpdyFrameWriter Writer { get; }

    /// <summary>Tests a server connection; the peer plays the client.</summary>
    public static RawPeer ForServer(params SpdySetting[] preface) => new(testServer: true, preface);

    /// <summary>Tests a client connection; the peer plays the server.</summary>
    public static RawPeer ForClient(params SpdySetting[] preface) => new(testServer: false, preface);

    public static SpdySetting InitialWindow(uint size) => new(0, SpdySetting.InitialWindowSizeId, size);

    public async Task<SpdyFrame> NextAsync()
    {
        return await Reader.ReadFrameAsync(SpdyPair.Bounded()) ?? throw new InvalidOperationException("the connection under test closed the transport");
    }

    public async Task<T> NextAsync<T>()
        where T : SpdyFrame
    {
        return Assert.IsType<T>(await NextAsync());
    }

    /// <summary>The next frame if one comes within <paramref name="wait"/>, else null: for what must not come.</summary>
    public async Task<SpdyFrame?> NextWithinAsync(TimeSpan wait)
    {
        using var bound = new CancellationTokenSource(wait);
        try
        {
            return await Reader.ReadFrameAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Reads DATA frames of a stream until <paramref name="count"/> bytes came; other frames fail the test.</summary>
    public async Task<byte[]> ReadDataAsync(uint streamId, int count)
    {
        var received = new MemoryStream();
        while (received.Length < count)
        {
            var frame = await NextAsync<DataFrame>();
            Assert.Equal(streamId, frame.StreamId);
            Assert.InRange(frame.Data.Length, 1, SpdyStream.MaxDataFrame);
            received.Write(frame.Data.Span);
        }

        Assert.Equal(count, received.Length);
        return received.ToArray();
    }

    /// <summary>
    /// Plays the server's part of the client under test opening a stream: SYN_STREAM in (after the client's
    /// SETTINGS, when this is its first frame), SYN_REPLY out.
    /// </summary>
    public async Task<SpdyStream> OpenFromClientAsync(IReadOnlyDictionary<string, string> headers)
    {
        var opening = Connection.OpenStreamAsync(headers, SpdyPair.Bounded());
        var frame = await NextAsync();
        if (frame is SettingsFrame)
        {
            frame = await NextAsync();
        }

        var syn = Assert.IsType<SynStreamFrame>(frame);
        await Writer.WriteSynReplyAsync(syn.StreamId, 0, SpdyPair.Bounded());
        return await opening;
    }

    /// <summary>Bytes onto the wire as they are, for frames the writer would not write.</summary>
    public async Task WriteRawAsync(byte[] bytes)
    {
        await _end.WriteAsync(bytes, SpdyPair.Bounded());
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await _closing.CancelAsync();
        await _end.DisposeAsync();
        _closing.Dispose();
    }
}
