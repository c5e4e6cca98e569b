using System.Collections.Concurrent;
using System.Text;
using KubeSharp.Kubelet.Streaming.Spdy;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Streaming.PortForward;

/// <summary>
/// A SPDY port-forward session (upstream's httpStreamHandler), over an upgraded HTTP connection or
/// tunnelled in WebSocket messages. Per forwarded connection the client opens an error and a data
/// stream with the same request id; each is answered at once, and once both are there the pod's port is
/// connected and copied to the data stream. A failure goes as text on that request's error stream,
/// which is then closed; other connections carry on. The session, and every connection in it, ends
/// with the SPDY connection or <c>RunAsync</c>'s token.
/// </summary>
internal sealed partial class SpdyPortForwardSession(SpdyConnection connection, PortForwarder forwarder, string connectionName, TimeProvider time, ILogger logger)
{
    /// <summary>How long a request's first stream waits for its partner (upstream's DefaultStreamCreationTimeout).</summary>
    public static readonly TimeSpan StreamCreationTimeout = TimeSpan.FromSeconds(30);

    private readonly PortForwardStreamPairs<AcceptedStream> _pairs = new();
    private readonly ConcurrentDictionary<Task, bool> _running = new();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = session.Token;
        var reading = connection.RunAsync(token);
        try
        {
            while (await connection.AcceptStreamAsync(token) is { } stream)
            {
                await AcceptAsync(stream, token);
            }
        }
        catch (Exception error)
        {
            LogSessionEnded(logger, connectionName, error.Message);
        }
        finally
        {
            // The connection is gone or the request ended: every forwarded connection ends with it.
            await session.CancelAsync();
            await Task.WhenAll(_running.Keys);
            try
            {
                await reading;
            }
            catch (Exception error)
            {
                LogSessionEnded(logger, connectionName, error.Message);
            }
        }
    }

    private async Task AcceptAsync(SpdyStream stream, CancellationToken token)
    {
        if (!PortForwardStreamHeaders.TryParse(stream.Headers, stream.Id, out var headers, out var problem))
        {
            LogStreamRefused(logger, connectionName, stream.Id, problem);
            await QuietlyAsync(stream.ResetAsync, token);
            return;
        }

        // kubectl waits for each stream's reply before it opens the next one.
        await stream.ReplyAsync(token);
        var (outcome, pair) = _pairs.Add(headers.RequestId, headers.Type, new AcceptedStream(stream, headers.Port));
        switch (outcome)
        {
            case StreamPairing.Pending:
                Track(ExpireAsync(pair, token));
                break;
            case StreamPairing.Complete:
                Track(ForwardAsync(pair.RequestId, pair.Error!, pair.Data!, token));
                break;
            case StreamPairing.Duplicate:
                var message = PortForwardMessages.Duplicate(headers.RequestId, headers.Type);
                LogStreamRefused(logger, connectionName, stream.Id, message);
                if (pair.Error is { } error)
                {
                    await QuietlyAsync(t => error.Stream.WriteAsync(Encoding.UTF8.GetBytes(message), t).AsTask(), token);
                }

                await QuietlyAsync(stream.ResetAsync, token);
                break;
        }
    }

    private async Task ForwardAsync(string requestId, AcceptedStream error, AcceptedStream data, CancellationToken token)
    {
        var client = new SpdyForwardedStream(data.Stream);
        try
        {
            var failure = await forwarder.ForwardAsync(client, data.Port, token);
            if (failure is not null)
            {
                await error.Stream.WriteAsync(Encoding.UTF8.GetBytes(failure), token);
            }
        }
        catch (Exception problem)
        {
            LogRequestEnded(logger, connectionName, requestId, problem.Message);
        }
        finally
        {
            // Closing the error stream tells the client the request is over (it reads that stream to its end).
            await QuietlyAsync(error.Stream.CloseWriteAsync, token);
            await QuietlyAsync(client.CloseWriteAsync, token);
        }
    }

    private async Task ExpireAsync(PortForwardStreamPair<AcceptedStream> pair, CancellationToken token)
    {
        try
        {
            await Task.Delay(StreamCreationTimeout, time, token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (!_pairs.Expire(pair))
        {
            return;
        }

        var message = PortForwardMessages.TimedOut(connectionName, pair.RequestId);
        LogRequestEnded(logger, connectionName, pair.RequestId, message);
        if (pair.Error is { } error)
        {
            await QuietlyAsync(t => error.Stream.WriteAsync(Encoding.UTF8.GetBytes(message), t).AsTask(), token);
            await QuietlyAsync(error.Stream.CloseWriteAsync, token);
        }

        if (pair.Data is { } data)
        {
            await QuietlyAsync(data.Stream.ResetAsync, token);
        }
    }

    /// <summary>Keeps a request's task until it ends, so that the session's end waits for it.</summary>
    private void Track(Task task)
    {
        _running.TryAdd(task, true);
        _ = task.ContinueWith(done => _running.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Runs a step whose failure changes nothing (the stream or connection is already gone).</summary>
    private async Task QuietlyAsync(Func<CancellationToken, Task> step, CancellationToken token)
    {
        try
        {
            await step(token);
        }
        catch (Exception error)
        {
            LogIgnored(logger, connectionName, error.Message);
        }
    }

    /// <summary>A stream answered and waiting for (or paired with) its partner, with its port.</summary>
    private sealed record AcceptedStream(SpdyStream Stream, ushort Port);

    [LoggerMessage(Level = LogLevel.Debug, Message = "port-forward: connection {Connection}: stream {StreamId} refused: {Reason}")]
    private static partial void LogStreamRefused(ILogger logger, string connection, uint streamId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "port-forward: connection {Connection}: request {RequestId} ended: {Reason}")]
    private static partial void LogRequestEnded(ILogger logger, string connection, string requestId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "port-forward: connection {Connection} ended: {Reason}")]
    private static partial void LogSessionEnded(ILogger logger, string connection, string reason);

    [LoggerMessage(Level = LogLevel.Trace, Message = "port-forward: connection {Connection}: {Reason}")]
    private static partial void LogIgnored(ILogger logger, string connection, string reason);
}
