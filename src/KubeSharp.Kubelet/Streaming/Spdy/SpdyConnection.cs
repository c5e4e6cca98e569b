using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Streaming.Spdy;

/// <summary>
/// A SPDY/3.1 session over one transport (an upgraded HTTP connection, or a <see cref="WebSocketTunnelStream"/>),
/// as Kubernetes speaks it with moby/spdystream: streams both ways (client ids odd, server ids even), their header
/// blocks in one zlib stream per direction, PINGs of the peer echoed, flow control for streams and the session.
/// One read loop (<see cref="RunAsync"/>) hands each frame to its stream; writes of all streams take turns on
/// the transport a frame at a time. The session ends, for every stream and for <see cref="AcceptStreamAsync"/>,
/// when the transport ends, on the peer's GOAWAY (spdystream stops reading there too), on a protocol error
/// (after our GOAWAY), or at <see cref="DisposeAsync"/>, which sends GOAWAY and disposes the transport.
/// </summary>
/// <remarks>
/// Flow control: we announce the default 64 KiB window in a SETTINGS frame before our first frame and send
/// WINDOW_UPDATEs as the application reads (for the stream and the session, each time half a window is read).
/// spdystream, the peer of every kubectl, neither sends WINDOW_UPDATE nor honours it; so until the peer shows
/// that it keeps windows (a SETTINGS_INITIAL_WINDOW_SIZE or any WINDOW_UPDATE) we write without waiting for
/// window, as it does. A peer that overruns our window is not reset but read no faster than the application
/// reads, which bounds what a stream buffers.
/// </remarks>
internal sealed partial class SpdyConnection : IAsyncDisposable
{
    /// <summary>The window of each stream and of the session at the start: the draft's default, which we announce and keep.</summary>
    internal const int InitialWindowSize = 64 * 1024;

    // Streams the peer opened that nobody accepted yet; more are refused.
    private const int AcceptBacklog = 128;

    // Frames the read loop answers with (PING echoes, RST_STREAMs) that may wait for the transport at once; more
    // are dropped rather than piled up behind a peer that does not read.
    private const int MaxQueuedReplies = 64;

    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(2);

    private readonly Stream _transport;
    private readonly ILogger _logger;
    private readonly bool _isServer;
    private readonly CancellationTokenSource _closing = new();
    private readonly CancellationToken _closingToken;
    private readonly SpdyFrameReader _reader;
    private readonly SemaphoreSlim _opening = new(1, 1);
    private readonly Channel<SpdyStream> _accepted = Channel.CreateBounded<SpdyStream>(AcceptBacklog);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _sync = new();
    private int _queuedReplies;

    // Guarded by _sync (streams share it for their own state).
    private readonly Dictionary<uint, SpdyStream> _streams = [];
    private readonly AsyncPulse _windowChanged = new();
    private uint _nextStreamId;
    private uint _lastPeerStreamId;
    private long _sessionSendWindow = InitialWindowSize;
    private long _peerInitialWindow = InitialWindowSize;
    private bool _peerFlowControl;
    private int _sessionUnacknowledged;
    private bool _started;
    private bool _ended;
    private bool _goingAway;
    private bool _disposed;

    private SpdyConnection(Stream transport, ILogger logger, bool isServer)
    {
        _transport = transport;
        _logger = logger;
        _isServer = isServer;
        _nextStreamId = isServer ? 2u : 1u;
        _closingToken = _closing.Token;
        _reader = new SpdyFrameReader(transport);
        Writer = new SpdyFrameWriter(transport, [new SpdySetting(0, SpdySetting.InitialWindowSizeId, InitialWindowSize)], _closingToken);
    }

    /// <summary>The read loop's end.</summary>
    public Task Completion => _completion.Task;

    internal SpdyFrameWriter Writer { get; }

    /// <summary>The side that accepted the upgrade: the peer opens odd stream ids, we open even ones.</summary>
    public static SpdyConnection Server(Stream transport, ILogger logger) => new(transport, logger, isServer: true);

    /// <summary>The side that made the upgrade request: we open odd stream ids.</summary>
    public static SpdyConnection Client(Stream transport, ILogger logger) => new(transport, logger, isServer: false);

    /// <summary>
    /// The frame read loop, to run for the connection's life. It completes (without throwing) when the transport
    /// ends or fails, on GOAWAY, on a protocol error, when cancelled, or at disposal.
    /// </summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_started)
            {
                throw new InvalidOperationException("the SPDY read loop already runs");
            }

            _started = true;
        }

        return ReadLoopAsync(cancellationToken);
    }

    /// <summary>The next stream the peer opened (SYN_STREAM); null once the session is over.</summary>
    public async ValueTask<SpdyStream?> AcceptStreamAsync(CancellationToken cancellationToken)
    {
        while (await _accepted.Reader.WaitToReadAsync(cancellationToken))
        {
            if (_accepted.Reader.TryRead(out var stream))
            {
                return stream;
            }
        }

        return null;
    }

    /// <summary>Sends SYN_STREAM with these headers (names lower-cased) and waits for the peer's SYN_REPLY.</summary>
    /// <exception cref="IOException">The peer reset the stream, or the session is over.</exception>
    public async Task<SpdyStream> OpenStreamAsync(IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
    {
        var sent = new Dictionary<string, string>(headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            sent.TryAdd(name.ToLowerInvariant(), value);
        }

        SpdyStream stream;
        await _opening.WaitAsync(cancellationToken);
        try
        {
            lock (_sync)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_ended || _goingAway)
                {
                    throw new IOException("the SPDY connection is closed");
                }

                if (_nextStreamId > int.MaxValue)
                {
                    throw new IOException("the SPDY connection has used up its stream ids");
                }

                stream = new SpdyStream(this, _sync, _nextStreamId, sent, local: true, _peerInitialWindow, localClosed: false);
                _nextStreamId += 2;
                _streams.Add(stream.Id, stream);
            }

            try
            {
                // Inside _opening: ids must reach the wire in increasing order.
                await Writer.WriteSynStreamAsync(stream.Id, 0, sent, cancellationToken);
            }
            catch
            {
                stream.Abort("the stream was never opened");
                throw;
            }
        }
        finally
        {
            _opening.Release();
        }

        try
        {
            await stream.WaitForReplyAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stream.ResetAsync(CancellationToken.None);
            throw;
        }

        return stream;
    }

    /// <summary>Sends GOAWAY (waiting at most 2 s for the transport), disposes the transport and ends the session.</summary>
    public async ValueTask DisposeAsync()
    {
        bool sendGoAway;
        bool started;
        uint lastGood;
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            sendGoAway = !_ended && !_goingAway;
            _goingAway = true;
            started = _started;
            lastGood = _lastPeerStreamId;
        }

        // A peer that stopped reading must not hold the close up: this also ends a write stuck on the transport.
        _closing.CancelAfter(CloseWait);
        if (sendGoAway)
        {
            await SendQuietlyAsync(token => Writer.WriteGoAwayAsync(lastGood, GoAwayStatus.Ok, token), "GOAWAY", _closingToken);
        }

        // Before cancelling the read: a WebSocket tunnel sends its close frame here, and cancelling a pending
        // receive would abort the WebSocket first.
        await _transport.DisposeAsync();
        await _closing.CancelAsync();
        if (started)
        {
            await _completion.Task;
        }
        else
        {
            EndSession();
            _completion.TrySetResult();
        }

        _closing.Dispose();
    }

    /// <summary>Waits until both the session's and the stream's windows have room; returns how much of <paramref name="wanted"/> may go.</summary>
    internal async ValueTask<int> AcquireSendCreditAsync(SpdyStream stream, int wanted, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_sync)
            {
                stream.ThrowIfUnwritableLocked();
                var available = _peerFlowControl ? Math.Min(_sessionSendWindow, stream.SendWindow) : wanted;
                if (available > 0)
                {
                    var granted = (int)Math.Min(available, wanted);
                    _sessionSendWindow -= granted;
                    stream.SendWindow -= granted;
                    return granted;
                }

                changed = _windowChanged.Next;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Counts received bytes the application read (or that were dropped) towards a session WINDOW_UPDATE, due once
    /// half the window is in; returns its delta, or 0.
    /// </summary>
    internal uint CreditSession(int count)
    {
        lock (_sync)
        {
            if (_ended || count == 0)
            {
                return 0;
            }

            _sessionUnacknowledged += count;
            if (_sessionUnacknowledged < InitialWindowSize / 2)
            {
                return 0;
            }

            var delta = (uint)_sessionUnacknowledged;
            _sessionUnacknowledged = 0;
            return delta;
        }
    }

    internal async Task SendWindowUpdatesAsync(uint streamId, uint streamDelta, uint sessionDelta)
    {
        if (streamDelta > 0)
        {
            await SendQuietlyAsync(token => Writer.WriteWindowUpdateAsync(streamId, streamDelta, token), "WINDOW_UPDATE", _closingToken);
        }

        if (sessionDelta > 0)
        {
            await SendQuietlyAsync(token => Writer.WriteWindowUpdateAsync(0, sessionDelta, token), "WINDOW_UPDATE", _closingToken);
        }
    }

    /// <summary>Our RST_STREAM; the unread bytes it dropped go back to the session's window.</summary>
    internal async Task SendResetAsync(uint streamId, RstStreamStatus status, int dropped, CancellationToken cancellationToken)
    {
        await SendQuietlyAsync(token => Writer.WriteRstStreamAsync(streamId, status, token), "RST_STREAM", cancellationToken);
        await SendWindowUpdatesAsync(streamId, 0, CreditSession(dropped));
    }

    /// <summary>A stream closed both ways or reset leaves the table; called under _sync.</summary>
    internal void ForgetLocked(SpdyStream stream)
    {
        _streams.Remove(stream.Id);
        // A write waiting for window on a stream that just ended must learn of it.
        _windowChanged.Pulse();
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        var reason = "stopped";
        try
        {
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closingToken);
            reason = await ReadFramesAsync(stopping.Token);
        }
        catch (InvalidDataException error)
        {
            reason = "protocol error: " + error.Message;
            LogProtocolError(error.Message);
            uint lastGood;
            lock (_sync)
            {
                _goingAway = true;
                lastGood = _lastPeerStreamId;
            }

            SendInBackground(token => Writer.WriteGoAwayAsync(lastGood, GoAwayStatus.ProtocolError, token), "GOAWAY", droppable: false);
        }
        catch (IOException error)
        {
            reason = error.Message;
        }
        catch (ObjectDisposedException)
        {
            reason = "the transport was closed";
        }
        catch (OperationCanceledException)
        {
            // Ours, or Kestrel's ConnectionAbortedException for a connection that went away.
            reason = "stopped";
        }
        finally
        {
            EndSession();
            LogSessionEnded(reason);
            _completion.TrySetResult();
        }
    }

    private async Task<string> ReadFramesAsync(CancellationToken cancellationToken)
    {
        while (await _reader.ReadFrameAsync(cancellationToken) is { } frame)
        {
            switch (frame)
            {
                case DataFrame data:
                    await OnDataAsync(data, cancellationToken);
                    break;
                case SynStreamFrame syn:
                    OnSynStream(syn);
                    break;
                case SynReplyFrame reply:
                    Find(reply.StreamId)?.OnReply(reply.Fin);
                    break;
                case HeadersFrame headers when headers.Fin:
                    Find(headers.StreamId)?.OnRemoteFin();
                    break;
                case RstStreamFrame reset:
                    OnRstStream(reset);
                    break;
                case SettingsFrame settings:
                    OnSettings(settings);
                    break;
                case PingFrame ping:
                    OnPing(ping);
                    break;
                case WindowUpdateFrame update:
                    OnWindowUpdate(update);
                    break;
                case GoAwayFrame goAway:
                    return $"the peer went away ({goAway.Status}, last stream {goAway.LastGoodStreamId})";
            }
        }

        return "the transport ended";
    }

    private async ValueTask OnDataAsync(DataFrame frame, CancellationToken cancellationToken)
    {
        var stream = Find(frame.StreamId);
        if (stream is null || !await stream.ReceiveAsync(frame.Data, frame.Fin, cancellationToken))
        {
            // Data nobody will read still took up the session's window: it goes back at once.
            ReturnDropped(frame.Data.Length);
        }
    }

    private void OnSynStream(SynStreamFrame frame)
    {
        SpdyStream? stream = null;
        var refusal = RstStreamStatus.ProtocolError;
        lock (_sync)
        {
            // Once we sent GOAWAY new streams are ignored (draft §2.6.6).
            if (_goingAway)
            {
                return;
            }

            var peerParity = _isServer ? 1u : 0u;
            if (frame.StreamId != 0 && (frame.StreamId & 1) == peerParity && frame.StreamId > _lastPeerStreamId)
            {
                _lastPeerStreamId = frame.StreamId;
                stream = new SpdyStream(this, _sync, frame.StreamId, frame.Headers, local: false, _peerInitialWindow, localClosed: frame.Unidirectional);
                _streams.Add(frame.StreamId, stream);
                if (!_accepted.Writer.TryWrite(stream))
                {
                    _streams.Remove(frame.StreamId);
                    stream = null;
                    refusal = RstStreamStatus.RefusedStream;
                }
            }
        }

        if (stream is null)
        {
            LogStreamRefused(frame.StreamId, refusal);
            SendInBackground(token => Writer.WriteRstStreamAsync(frame.StreamId, refusal, token), "RST_STREAM", droppable: true);
        }
        else if (frame.Fin)
        {
            stream.OnRemoteFin();
        }
    }

    private void OnRstStream(RstStreamFrame frame)
    {
        if (Find(frame.StreamId) is { } stream)
        {
            ReturnDropped(stream.Abort($"the peer reset the stream ({frame.Status})", keepReceived: true));
        }
    }

    private void OnSettings(SettingsFrame frame)
    {
        lock (_sync)
        {
            // Of an id given twice in one frame only the first counts (draft §2.6.4).
            foreach (var setting in frame.Settings)
            {
                if (setting.Id != SpdySetting.InitialWindowSizeId)
                {
                    continue;
                }

                if (setting.Value > int.MaxValue)
                {
                    throw new InvalidDataException($"SETTINGS_INITIAL_WINDOW_SIZE of {setting.Value}");
                }

                // The new size applies to the streams already open too, by the difference (it may go negative).
                var delta = setting.Value - _peerInitialWindow;
                _peerInitialWindow = setting.Value;
                _peerFlowControl = true;
                foreach (var stream in _streams.Values)
                {
                    stream.SendWindow += delta;
                }

                _windowChanged.Pulse();
                break;
            }
        }
    }

    private void OnPing(PingFrame frame)
    {
        // The peer's own pings have its parity (clients odd, servers even) and are echoed; ours would come back
        // with our parity, but we send none.
        if ((frame.Id & 1) == (_isServer ? 1u : 0u))
        {
            SendInBackground(token => Writer.WritePingAsync(frame.Id, token), "PING", droppable: true);
        }
    }

    private void OnWindowUpdate(WindowUpdateFrame frame)
    {
        SpdyStream? overflowed = null;
        lock (_sync)
        {
            _peerFlowControl = true;
            if (frame.StreamId == 0)
            {
                _sessionSendWindow += frame.Delta;
                if (_sessionSendWindow > int.MaxValue)
                {
                    throw new InvalidDataException("the peer grew the session's window past 2^31-1");
                }
            }
            else if (_streams.TryGetValue(frame.StreamId, out var stream) && stream.CanSendLocked)
            {
                stream.SendWindow += frame.Delta;
                if (stream.SendWindow > int.MaxValue)
                {
                    overflowed = stream;
                }
            }

            _windowChanged.Pulse();
        }

        if (overflowed is not null)
        {
            var streamId = overflowed.Id;
            ReturnDropped(overflowed.Abort("the peer grew the stream's window past 2^31-1"));
            SendInBackground(token => Writer.WriteRstStreamAsync(streamId, RstStreamStatus.FlowControlError, token), "RST_STREAM", droppable: true);
        }
    }

    private SpdyStream? Find(uint streamId)
    {
        lock (_sync)
        {
            return _streams.GetValueOrDefault(streamId);
        }
    }

    private void ReturnDropped(int count)
    {
        var delta = CreditSession(count);
        if (delta > 0)
        {
            SendInBackground(token => Writer.WriteWindowUpdateAsync(0, delta, token), "WINDOW_UPDATE", droppable: false);
        }
    }

    /// <summary>
    /// Sends a frame the read loop answers with, without the loop waiting for it: the loop must keep reading
    /// even while the transport is busy with writes the peer only takes once it reads on.
    /// </summary>
    private void SendInBackground(Func<CancellationToken, Task> send, string frame, bool droppable)
    {
        if (Interlocked.Increment(ref _queuedReplies) > MaxQueuedReplies && droppable)
        {
            Interlocked.Decrement(ref _queuedReplies);
            LogReplyDropped(frame);
            return;
        }

        _ = SendQueuedAsync(send, frame);
    }

    private async Task SendQueuedAsync(Func<CancellationToken, Task> send, string frame)
    {
        try
        {
            await SendQuietlyAsync(send, frame, _closingToken);
        }
        finally
        {
            Interlocked.Decrement(ref _queuedReplies);
        }
    }

    /// <summary>Sends a frame whose loss the session survives (it ends anyway when the transport fails).</summary>
    private async Task SendQuietlyAsync(Func<CancellationToken, Task> send, string frame, CancellationToken cancellationToken)
    {
        try
        {
            await send(cancellationToken);
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException or OperationCanceledException)
        {
            LogSendFailed(frame, error.Message);
        }
    }

    private void EndSession()
    {
        SpdyStream[] streams;
        lock (_sync)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            streams = [.. _streams.Values];
            _streams.Clear();
            _windowChanged.Pulse();
        }

        _accepted.Writer.TryComplete();
        while (_accepted.Reader.TryRead(out var unaccepted))
        {
            unaccepted.OnSessionEnded();
        }

        foreach (var stream in streams)
        {
            stream.OnSessionEnded();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "spdy: session ended: {Reason}")]
    private partial void LogSessionEnded(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "spdy: protocol error from the peer, going away: {Reason}")]
    private partial void LogProtocolError(string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "spdy: refused stream {StreamId} ({Status})")]
    private partial void LogStreamRefused(uint streamId, RstStreamStatus status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "spdy: {Frame} not sent: {Reason}")]
    private partial void LogSendFailed(string frame, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "spdy: {Frame} dropped: too many replies wait for the transport")]
    private partial void LogReplyDropped(string frame);
}
