using System.Buffers;

namespace KubeSharp.Kubelet.Streaming.Spdy;

/// <summary>
/// One stream of a <see cref="SpdyConnection"/>, both ways. Reads return what the peer sent, in order, and 0 once
/// it half-closed (FIN) or the session ended (after what arrived before), or at once when the stream was reset
/// (unread data is dropped). Writes go out as DATA frames of at most 256 KiB, each within the peer's window; on a
/// stream the peer opened, the first write or half-close sends the SYN_REPLY first unless
/// <see cref="ReplyAsync"/> already has. One reader and one writer at a time.
/// </summary>
internal sealed class SpdyStream
{
    /// <summary>
    /// The most one DATA frame carries, so that concurrent streams take turns on the transport. Large, as each
    /// frame costs kubectl a hand-over and a write: 256 KiB frames made a port-forward about 15 % faster than 64 KiB.
    /// </summary>
    internal const int MaxDataFrame = 256 * 1024;

    private const string SessionEnded = "the SPDY connection closed";

    private readonly SpdyConnection _connection;
    private readonly Lock _sync;
    private readonly bool _local;
    private readonly SemaphoreSlim _sending = new(1, 1);

    // For a stream we opened: null once the peer replied, else why it never will.
    private readonly TaskCompletionSource<string?> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Pulsed when data arrives, when a read frees room, and when the stream ends.
    private readonly AsyncPulse _changed = new();

    // Guarded by _sync, the connection's lock. Received data sits in pooled arrays, the first read up to _headOffset.
    private readonly Queue<(byte[] Array, int Length)> _received = new();
    private int _headOffset;
    private int _buffered;
    private int _unacknowledged;
    private bool _replied;
    private bool _remoteClosed;
    private bool _localClosed;
    private bool _reset;
    private bool _sessionEnded;
    private string _failure = string.Empty;

    internal SpdyStream(SpdyConnection connection, Lock sync, uint id, IReadOnlyDictionary<string, string> headers, bool local, long sendWindow, bool localClosed)
    {
        _connection = connection;
        _sync = sync;
        Id = id;
        Headers = headers;
        _local = local;
        SendWindow = sendWindow;
        _localClosed = localClosed;
    }

    public uint Id { get; }

    /// <summary>Lower-case names (looked up without regard to case): as received for a stream the peer opened, as sent for ours.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>What the peer may still receive on this stream; guarded by the connection's lock, which does the flow control.</summary>
    internal long SendWindow { get; set; }

    /// <summary>Whether a WINDOW_UPDATE for this stream still matters; under the connection's lock.</summary>
    internal bool CanSendLocked => !_localClosed && !_reset && !_sessionEnded;

    /// <summary>
    /// Sends the SYN_REPLY that accepts a stream the peer opened; Kubernetes' clients wait for it before they
    /// write. Does nothing when already sent.
    /// </summary>
    /// <exception cref="IOException">The stream was reset or the session ended.</exception>
    public async Task ReplyAsync(CancellationToken cancellationToken)
    {
        if (_local)
        {
            throw new InvalidOperationException("only a stream the peer opened takes a reply");
        }

        await _sending.WaitAsync(cancellationToken);
        try
        {
            await ReplyIfNeededAsync(cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        var read = 0;
        uint streamDelta = 0;
        while (true)
        {
            Task changed;
            lock (_sync)
            {
                if (_buffered > 0)
                {
                    read = TakeLocked(buffer.Span);
                    streamDelta = AcknowledgeLocked(read);
                    break;
                }

                if (_remoteClosed || _reset)
                {
                    return 0;
                }

                changed = _changed.Next;
            }

            await changed.WaitAsync(cancellationToken);
        }

        await _connection.SendWindowUpdatesAsync(Id, streamDelta, _connection.CreditSession(read));
        return read;
    }

    /// <exception cref="IOException">The stream was reset or the session ended.</exception>
    /// <exception cref="InvalidOperationException">Our side of the stream is closed.</exception>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            await ReplyIfNeededAsync(cancellationToken);
            lock (_sync)
            {
                ThrowIfUnwritableLocked();
            }

            while (!data.IsEmpty)
            {
                var granted = await _connection.AcquireSendCreditAsync(this, Math.Min(data.Length, MaxDataFrame), cancellationToken);
                // The window is spent: the frame goes out even if the caller gives up now, or the peer's count
                // of it and ours would part.
                await _connection.Writer.WriteDataAsync(Id, 0, data[..granted], CancellationToken.None);
                data = data[granted..];
            }
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Our half-close: an empty DATA frame with FIN. Does nothing when already closed, reset, or the session ended.</summary>
    public async Task CloseWriteAsync(CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            lock (_sync)
            {
                if (_localClosed || _reset || _sessionEnded)
                {
                    return;
                }
            }

            await ReplyIfNeededAsync(cancellationToken);
            await _connection.Writer.WriteDataAsync(Id, SpdyFrame.FlagFin, ReadOnlyMemory<byte>.Empty, cancellationToken);
            lock (_sync)
            {
                _localClosed = true;
                if (_remoteClosed)
                {
                    _connection.ForgetLocked(this);
                }
            }
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>
    /// RST_STREAM (CANCEL): ends the stream both ways at once. Reads return 0, writes fail, unread data is dropped.
    /// Does nothing when the stream already ended.
    /// </summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            if (_reset || _sessionEnded || (_localClosed && _remoteClosed))
            {
                return;
            }
        }

        var dropped = Abort("the stream was reset");
        await _connection.SendResetAsync(Id, RstStreamStatus.Cancel, dropped, cancellationToken);
    }

    /// <summary>A <see cref="Stream"/> over this stream: reads and writes as here; disposing it half-closes.</summary>
    public Stream AsStream() => new SpdyStreamView(this);

    /// <summary>Takes a DATA frame's payload (copied before returning); false when the stream wants none, so the session's window takes it back.</summary>
    internal async ValueTask<bool> ReceiveAsync(ReadOnlyMemory<byte> data, bool fin, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_sync)
            {
                // Data after FIN or a reset, or before the SYN_REPLY of a stream we opened, breaks the protocol:
                // dropped, as spdystream drops it.
                if (_reset || _remoteClosed || (_local && !_replied))
                {
                    return false;
                }

                if (data.IsEmpty || _buffered == 0 || _buffered + data.Length <= SpdyConnection.InitialWindowSize)
                {
                    if (!data.IsEmpty)
                    {
                        var copy = ArrayPool<byte>.Shared.Rent(data.Length);
                        data.CopyTo(copy);
                        _received.Enqueue((copy, data.Length));
                        _buffered += data.Length;
                    }

                    if (fin)
                    {
                        CloseRemoteLocked();
                    }

                    _changed.Pulse();
                    return true;
                }

                changed = _changed.Next;
            }

            // Only a peer that ignores our window gets here (spdystream does no flow control): the session stops
            // reading until the application reads, as spdystream's own unbuffered hand-over does.
            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The peer's SYN_REPLY to a stream we opened; a second one is ignored, as spdystream ignores it.</summary>
    internal void OnReply(bool fin)
    {
        lock (_sync)
        {
            if (!_local || _replied || _reset)
            {
                return;
            }

            _replied = true;
            if (fin)
            {
                CloseRemoteLocked();
            }

            _changed.Pulse();
        }

        _reply.TrySetResult(null);
    }

    /// <summary>FIN on a frame without data (HEADERS, SYN_STREAM).</summary>
    internal void OnRemoteFin()
    {
        lock (_sync)
        {
            if (!_reset && !_remoteClosed)
            {
                CloseRemoteLocked();
                _changed.Pulse();
            }
        }
    }

    /// <summary>
    /// Ends the stream both ways (a reset either way); returns how many received bytes went unread. With
    /// <paramref name="keepReceived"/> (the peer's reset) what arrived first stays readable, as in spdystream:
    /// Kubernetes' streaming servers write the exit status on the error stream and then reset it.
    /// </summary>
    internal int Abort(string failure, bool keepReceived = false)
    {
        int dropped;
        lock (_sync)
        {
            if (_reset)
            {
                return 0;
            }

            _reset = true;
            _failure = failure;
            dropped = 0;
            if (!keepReceived)
            {
                dropped = _buffered;
                foreach (var (array, _) in _received)
                {
                    ArrayPool<byte>.Shared.Return(array);
                }

                _received.Clear();
                _headOffset = 0;
                _buffered = 0;
            }

            _connection.ForgetLocked(this);
            _changed.Pulse();
        }

        _reply.TrySetResult(failure);
        return dropped;
    }

    /// <summary>The session is over: what arrived stays readable, then reads return 0; writes fail.</summary>
    internal void OnSessionEnded()
    {
        lock (_sync)
        {
            _sessionEnded = true;
            _remoteClosed = true;
            if (!_reset)
            {
                _failure = SessionEnded;
            }

            _changed.Pulse();
        }

        _reply.TrySetResult(SessionEnded);
    }

    /// <exception cref="IOException">The peer reset the stream or the session ended first.</exception>
    internal async Task WaitForReplyAsync(CancellationToken cancellationToken)
    {
        if (await _reply.Task.WaitAsync(cancellationToken) is { } failure)
        {
            throw new IOException(failure);
        }
    }

    internal void ThrowIfUnwritableLocked()
    {
        if (_reset || _sessionEnded)
        {
            throw new IOException(_failure);
        }

        if (_localClosed)
        {
            throw new InvalidOperationException("the stream's write side is closed");
        }
    }

    private async Task ReplyIfNeededAsync(CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            if (_reset || _sessionEnded)
            {
                throw new IOException(_failure);
            }

            if (_local || _replied)
            {
                return;
            }
        }

        await _connection.Writer.WriteSynReplyAsync(Id, 0, cancellationToken);
        lock (_sync)
        {
            _replied = true;
        }
    }

    private int TakeLocked(Span<byte> destination)
    {
        var taken = 0;
        while (taken < destination.Length && _received.TryPeek(out var head))
        {
            var count = Math.Min(head.Length - _headOffset, destination.Length - taken);
            head.Array.AsSpan(_headOffset, count).CopyTo(destination[taken..]);
            taken += count;
            _headOffset += count;
            if (_headOffset == head.Length)
            {
                _received.Dequeue();
                ArrayPool<byte>.Shared.Return(head.Array);
                _headOffset = 0;
            }
        }

        _buffered -= taken;
        _changed.Pulse();
        return taken;
    }

    /// <summary>
    /// Counts data read towards a WINDOW_UPDATE for the stream, sent once half the window is read; none after
    /// the peer's FIN (the draft asks for none) or a reset.
    /// </summary>
    private uint AcknowledgeLocked(int read)
    {
        if (_remoteClosed || _reset)
        {
            return 0;
        }

        _unacknowledged += read;
        if (_unacknowledged < SpdyConnection.InitialWindowSize / 2)
        {
            return 0;
        }

        var delta = (uint)_unacknowledged;
        _unacknowledged = 0;
        return delta;
    }

    private void CloseRemoteLocked()
    {
        _remoteClosed = true;
        if (_localClosed)
        {
            _connection.ForgetLocked(this);
        }
    }
}
