using System.Buffers;
using KubeSharp.Kubelet.Streaming.Spdy;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Streaming.RemoteCommand;

/// <summary>
/// A session on a CRI streaming server (containerd's copy of upstream's), spoken to as client-go's
/// v4 SPDY client speaks: the error stream first, then stdin, stdout, stderr and resize as asked for,
/// each opened once the previous one is answered; the server starts the command when all are there.
/// At the end the server writes a JSON Status on the error stream and closes the connection.
/// </summary>
internal sealed partial class SpdyRemoteCommandSession : IRemoteCommandSession
{
    private const string StreamTypeHeader = "streamtype";

    // A Status is a few hundred bytes; this much is not one.
    private const int MaxStatusBytes = 1024 * 1024;

    private readonly Stream _transport;
    private readonly SpdyConnection _connection;
    private readonly CancellationTokenSource _stop;
    private readonly Task _reading;
    private readonly SpdyStream _error;
    private readonly SpdyStream? _stdin;
    private readonly SpdyStream? _stdout;
    private readonly SpdyStream? _stderr;
    private readonly SpdyStream? _resize;
    private readonly ILogger _logger;
    private bool _stdinClosed;

    private SpdyRemoteCommandSession(
        Stream transport, SpdyConnection connection, CancellationTokenSource stop, Task reading, IReadOnlyDictionary<string, SpdyStream> streams, ILogger logger)
    {
        _transport = transport;
        _connection = connection;
        _stop = stop;
        _reading = reading;
        _error = streams["error"];
        _stdin = streams.GetValueOrDefault("stdin");
        _stdout = streams.GetValueOrDefault("stdout");
        _stderr = streams.GetValueOrDefault("stderr");
        _resize = streams.GetValueOrDefault("resize");
        _logger = logger;
    }

    /// <summary>Opens the session's streams on an upgraded connection to the streaming server; the session owns the transport from then on.</summary>
    /// <exception cref="TimeoutException">The server did not answer the streams within upstream's stream creation timeout.</exception>
    public static async Task<SpdyRemoteCommandSession> OpenAsync(
        Stream transport, RemoteCommandOptions streams, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var connection = SpdyConnection.Client(transport, logger);
        var stop = new CancellationTokenSource();
        var reading = connection.RunAsync(stop.Token);
        using var timeout = new CancellationTokenSource(SpdyRemoteCommandPeer.StreamCreationTimeout, time);
        using var opening = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var opened = new Dictionary<string, SpdyStream>(StringComparer.Ordinal);
            foreach (var (type, wanted) in new[] { ("error", true), ("stdin", streams.Stdin), ("stdout", streams.Stdout), ("stderr", streams.Stderr), ("resize", streams.Tty) })
            {
                if (wanted)
                {
                    opened[type] = await connection.OpenStreamAsync(new Dictionary<string, string> { [StreamTypeHeader] = type }, opening.Token);
                }
            }

            return new SpdyRemoteCommandSession(transport, connection, stop, reading, opened, logger);
        }
        catch (Exception error)
        {
            await stop.CancelAsync();
            await connection.DisposeAsync();
            await reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            stop.Dispose();
            if (error is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException("timed out waiting for the runtime's streaming server to answer the streams", error);
            }

            throw;
        }
    }

    public async ValueTask WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (_stdin is null || _stdinClosed)
        {
            return;
        }

        try
        {
            await _stdin.WriteAsync(data, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The command has ended, or the runtime is gone: the output side ends the session.
            _stdinClosed = true;
            LogStreamFailed(_logger, "stdin", error.Message);
        }
    }

    public async Task CloseStdinAsync(CancellationToken cancellationToken)
    {
        if (_stdin is null || _stdinClosed)
        {
            return;
        }

        _stdinClosed = true;
        try
        {
            await _stdin.CloseWriteAsync(cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogStreamFailed(_logger, "stdin", error.Message);
        }
    }

    public async ValueTask ResizeAsync(TerminalSize size, CancellationToken cancellationToken)
    {
        if (_resize is null)
        {
            return;
        }

        try
        {
            await _resize.WriteAsync(size.ToJsonLine(), cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogStreamFailed(_logger, "resize", error.Message);
        }
    }

    public async ValueTask<int> ReadOutputAsync(RemoteCommandChannel channel, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var stream = channel switch
        {
            RemoteCommandChannel.Stdout => _stdout,
            RemoteCommandChannel.Stderr => _stderr,
            _ => null,
        };
        if (stream is null)
        {
            return 0;
        }

        try
        {
            return await stream.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogStreamFailed(_logger, channel == RemoteCommandChannel.Stdout ? "stdout" : "stderr", error.Message);
            return 0;
        }
    }

    public async Task<RemoteCommandStatus> ReadStatusAsync(CancellationToken cancellationToken)
    {
        var status = new ArrayBufferWriter<byte>(512);
        try
        {
            int read;
            while ((read = await _error.ReadAsync(status.GetMemory(4096), cancellationToken)) > 0)
            {
                status.Advance(read);
                if (status.WrittenCount > MaxStatusBytes)
                {
                    return RemoteCommandStatus.Internal($"error stream protocol error: more than {MaxStatusBytes} bytes");
                }
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // A status that came whole before the connection broke still counts.
            if (status.WrittenCount == 0)
            {
                return RemoteCommandStatus.Internal($"error reading from error stream: {error.Message}");
            }
        }

        return RemoteCommandStatus.Parse(status.WrittenSpan);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _connection.DisposeAsync();
        await _transport.DisposeAsync();
        await _reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "remote command: the runtime's {Stream} stream failed: {Reason}")]
    private static partial void LogStreamFailed(ILogger logger, string stream, string reason);
}
