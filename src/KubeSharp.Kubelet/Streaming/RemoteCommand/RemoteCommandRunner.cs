using System.Buffers;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Streaming.RemoteCommand;

/// <summary>
/// Runs one session between the user's peer and the runtime, the way upstream's stream translator
/// does: output is copied until the command's stdout and stderr end, then its status is reported and
/// the user is left to close the connection (closing it at once could reset output still on its
/// way). A user who goes away first ends the session, and with it the connection to the runtime. A
/// runtime that cannot be reached is reported as an internal error on the error stream.
/// </summary>
internal sealed partial class RemoteCommandRunner(TimeProvider time, ILogger logger)
{
    /// <summary>How long the user has to close the connection after the status (upstream's finishTimeout).</summary>
    public static readonly TimeSpan FinishTimeout = TimeSpan.FromMinutes(15);

    private const int BufferSize = 32 * 1024;

    public async Task RunAsync(IRemoteCommandPeer peer, Func<CancellationToken, Task<IRemoteCommandSession>> connect, CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = session.Token;
        IRemoteCommandSession? backend = null;
        Task? input = null;
        Task<RemoteCommandStatus>? output = null;
        try
        {
            RemoteCommandStatus status;
            try
            {
                backend = await connect(token);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogRuntimeUnreachable(logger, error.Message);
                status = RemoteCommandStatus.Internal(error.Message);
                input = peer.ForwardInputAsync(DiscardedInput.Instance, token);
                await FinishAsync(peer, status, input, token);
                return;
            }

            input = peer.ForwardInputAsync(backend, token);
            output = CopyOutputAsync(peer, backend, token);
            await Task.WhenAny(input, output);
            if (!output.IsCompleted)
            {
                LogClientGone(logger, "the connection ended");
                return;
            }

            status = await output;
            LogEnded(logger, status.IsSuccess ? "Success" : status.Message ?? status.Status);
            await FinishAsync(peer, status, input, token);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Output could not be sent: the user's connection failed.
            LogClientGone(logger, error.Message);
        }
        finally
        {
            await session.CancelAsync();
            await Settled(input);
            await Settled(output);
            if (backend is not null)
            {
                await backend.DisposeAsync();
            }
        }
    }

    private async Task FinishAsync(IRemoteCommandPeer peer, RemoteCommandStatus status, Task input, CancellationToken token)
    {
        try
        {
            await peer.FinishAsync(status, token);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogClientGone(logger, error.Message);
            return;
        }

        try
        {
            await input.WaitAsync(FinishTimeout, time, token);
        }
        catch (TimeoutException)
        {
            LogClientDidNotClose(logger, FinishTimeout.TotalMinutes);
        }
    }

    /// <summary>Copies stdout and stderr until both end; when sending fails, the other copy stops too.</summary>
    private static async Task<RemoteCommandStatus> CopyOutputAsync(IRemoteCommandPeer peer, IRemoteCommandSession backend, CancellationToken token)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(token);
        await Task.WhenAll(
            CopyAsync(peer, backend, RemoteCommandChannel.Stdout, failed),
            CopyAsync(peer, backend, RemoteCommandChannel.Stderr, failed));
        return await backend.ReadStatusAsync(token);
    }

    private static async Task CopyAsync(IRemoteCommandPeer peer, IRemoteCommandSession backend, RemoteCommandChannel channel, CancellationTokenSource failed)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await backend.ReadOutputAsync(channel, buffer, failed.Token)) > 0)
            {
                await peer.WriteOutputAsync(channel, buffer.AsMemory(0, read), failed.Token);
            }
        }
        catch
        {
            await failed.CancelAsync();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Waits for a task of the session to end, whatever its outcome: it has been reported already, or the session is over.</summary>
    private static async Task Settled(Task? task)
    {
        if (task is not null)
        {
            await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>The input of a session whose runtime could not be reached: there is nothing to give it to.</summary>
    private sealed class DiscardedInput : IRemoteCommandInput
    {
        public static readonly DiscardedInput Instance = new();

        public ValueTask WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public Task CloseStdinAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask ResizeAsync(TerminalSize size, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "remote command: the runtime's streaming server could not be reached: {Reason}")]
    private static partial void LogRuntimeUnreachable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "remote command: the session ended: {Status}")]
    private static partial void LogEnded(ILogger logger, string status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "remote command: the client went away: {Reason}")]
    private static partial void LogClientGone(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "remote command: the client did not close the connection within {Minutes} minutes of the status")]
    private static partial void LogClientDidNotClose(ILogger logger, double minutes);
}
