using System.Buffers;
using System.Text.Json;
using KubeSharp.Kubelet.Streaming.Spdy;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Streaming.RemoteCommand;

/// <summary>
/// The user's end of a session over SPDY (upstream's httpstream handler): the client opens one stream
/// per stream type (header <c>streamType</c>: error, stdin, stdout, stderr, resize), each answered at
/// once; the session starts when all it asked for are there. At the end the status goes on the error
/// stream, a JSON Status from v4 on and the error's text before, and the output streams are closed.
/// </summary>
internal sealed partial class SpdyRemoteCommandPeer : IRemoteCommandPeer
{
    /// <summary>How long the client has to open its streams (upstream's DefaultStreamCreationTimeout).</summary>
    public static readonly TimeSpan StreamCreationTimeout = TimeSpan.FromSeconds(30);

    private const string StreamTypeHeader = "streamtype";

    private const int BufferSize = 32 * 1024;

    private readonly SpdyConnection _connection;
    private readonly bool _jsonStatus;
    private readonly SpdyStream _error;
    private readonly SpdyStream? _stdin;
    private readonly SpdyStream? _stdout;
    private readonly SpdyStream? _stderr;
    private readonly SpdyStream? _resize;
    private readonly ILogger _logger;
    private volatile bool _finished;

    private SpdyRemoteCommandPeer(SpdyConnection connection, bool jsonStatus, IReadOnlyDictionary<string, SpdyStream> streams, ILogger logger)
    {
        _connection = connection;
        _jsonStatus = jsonStatus;
        _error = streams["error"];
        _stdin = streams.GetValueOrDefault("stdin");
        _stdout = streams.GetValueOrDefault("stdout");
        _stderr = streams.GetValueOrDefault("stderr");
        _resize = streams.GetValueOrDefault("resize");
        _logger = logger;
    }

    /// <summary>
    /// Accepts the client's streams on a connection whose read loop runs: one for errors, and one
    /// for each of stdin, stdout, stderr and (with a terminal, from v3 on) resize that the options name.
    /// </summary>
    /// <exception cref="TimeoutException">They were not all there within <see cref="StreamCreationTimeout"/>.</exception>
    /// <exception cref="IOException">The connection ended first, or the client opened no error stream.</exception>
    public static async Task<SpdyRemoteCommandPeer> AcceptAsync(
        SpdyConnection connection, string protocol, RemoteCommandOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        // Before v3 there is no resize stream; upstream's older handlers take one for an unexpected type.
        var resizable = RemoteCommandProtocols.SupportsResize(protocol);
        var expected = 1 + Count(options.Stdin) + Count(options.Stdout) + Count(options.Stderr) + Count(options.Tty && resizable);
        using var timeout = new CancellationTokenSource(StreamCreationTimeout, time);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var streams = new Dictionary<string, SpdyStream>(StringComparer.Ordinal);
        var received = 0;
        try
        {
            while (received < expected)
            {
                var stream = await connection.AcceptStreamAsync(waiting.Token)
                    ?? throw new IOException("the client closed the connection before opening its streams");

                // client-go waits for each stream's reply before it opens the next one.
                await stream.ReplyAsync(waiting.Token);
                string? type = stream.Headers.FirstOrDefault(h => string.Equals(h.Key, StreamTypeHeader, StringComparison.OrdinalIgnoreCase)).Value;
                if (type is { } known && (known is "error" or "stdin" or "stdout" or "stderr" || (known == "resize" && resizable)))
                {
                    streams[known] = stream;
                    received++;
                }
                else
                {
                    LogUnexpectedStream(logger, stream.Id, type ?? string.Empty);
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException("timed out waiting for client to create streams");
        }

        return streams.ContainsKey("error")
            ? new SpdyRemoteCommandPeer(connection, RemoteCommandProtocols.HasJsonStatus(protocol), streams, logger)
            : throw new IOException("the client opened no error stream");
    }

    public async Task ForwardInputAsync(IRemoteCommandInput input, CancellationToken cancellationToken)
    {
        using var pumps = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stdin = _stdin is null ? Task.CompletedTask : PumpStdinAsync(_stdin, input, pumps.Token);
        var resize = _resize is null ? Task.CompletedTask : PumpResizeAsync(_resize, input, pumps.Token);
        try
        {
            // The user's connection lasts as long as its read loop.
            await _connection.Completion.WaitAsync(cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogInputEnded(_logger, "connection", error.Message);
        }
        finally
        {
            await pumps.CancelAsync();
            await Task.WhenAll(stdin, resize);
        }
    }

    public ValueTask WriteOutputAsync(RemoteCommandChannel channel, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var stream = channel switch
        {
            RemoteCommandChannel.Stdout => _stdout,
            RemoteCommandChannel.Stderr => _stderr,
            _ => null,
        };
        return stream is null ? ValueTask.CompletedTask : stream.WriteAsync(data, cancellationToken);
    }

    public async Task FinishAsync(RemoteCommandStatus status, CancellationToken cancellationToken)
    {
        _finished = true;
        var report = _jsonStatus ? status.ToJson() : status.ToText();
        if (report.Length > 0)
        {
            await _error.WriteAsync(report, cancellationToken);
        }

        // The client reads the error, stdout and stderr streams to their ends before it closes the connection.
        await _error.CloseWriteAsync(cancellationToken);
        foreach (var output in new[] { _stdout, _stderr })
        {
            if (output is not null)
            {
                await output.CloseWriteAsync(cancellationToken);
            }
        }
    }

    private static int Count(bool wanted) => wanted ? 1 : 0;

    private async Task PumpStdinAsync(SpdyStream stdin, IRemoteCommandInput input, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await stdin.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (!_finished)
                {
                    await input.WriteStdinAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            // The client half-closed stdin: its input is over.
            if (!_finished)
            {
                await input.CloseStdinAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The session is over.
        }
        catch (Exception error)
        {
            LogInputEnded(_logger, "stdin", error.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task PumpResizeAsync(SpdyStream resize, IRemoteCommandInput input, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var sizes = new TerminalSizeDecoder();
        try
        {
            int read;
            while ((read = await resize.ReadAsync(buffer, cancellationToken)) > 0)
            {
                foreach (var size in sizes.Append(buffer.AsSpan(0, read)))
                {
                    await input.ResizeAsync(size, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The session is over.
        }
        catch (Exception error)
        {
            // Upstream stops reading resize events at the first it cannot decode.
            LogInputEnded(_logger, "resize", error is JsonException ? $"not a terminal size: {error.Message}" : error.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "remote command: the client opened stream {StreamId} of unexpected type \"{Type}\"")]
    private static partial void LogUnexpectedStream(ILogger logger, uint streamId, string type);

    [LoggerMessage(Level = LogLevel.Debug, Message = "remote command: the client's {Stream} ended: {Reason}")]
    private static partial void LogInputEnded(ILogger logger, string stream, string reason);
}
