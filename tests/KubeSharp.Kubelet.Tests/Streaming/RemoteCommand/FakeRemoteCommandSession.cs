using System.Text;
using System.Threading.Channels;
using KubeSharp.Kubelet.Streaming.RemoteCommand;

namespace KubeSharp.Kubelet.Tests.Streaming.RemoteCommand;

/// <summary>A command in a fake runtime: the test writes its output and ends it; its input and resizes are recorded.</summary>
internal sealed class FakeRemoteCommandSession : IRemoteCommandSession
{
    private readonly Output _stdout = new();
    private readonly Output _stderr = new();
    private readonly Channel<byte[]> _stdin = Channel.CreateUnbounded<byte[]>();
    private readonly Channel<TerminalSize> _resizes = Channel.CreateUnbounded<TerminalSize>();
    private readonly TaskCompletionSource<RemoteCommandStatus> _status = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Disposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ChannelReader<TerminalSize> Resizes => _resizes.Reader;

    public void WriteStdout(string text) => _stdout.Chunks.Writer.TryWrite(Encoding.UTF8.GetBytes(text));

    public void WriteStderr(string text) => _stderr.Chunks.Writer.TryWrite(Encoding.UTF8.GetBytes(text));

    /// <summary>The command exits: its output ends and the runtime reports the status.</summary>
    public void End(RemoteCommandStatus status)
    {
        _stdout.Chunks.Writer.TryComplete();
        _stderr.Chunks.Writer.TryComplete();
        _status.TrySetResult(status);
    }

    /// <summary>Everything written to stdin, once it has been closed.</summary>
    public async Task<string> ReadAllStdinAsync()
    {
        var text = new StringBuilder();
        await foreach (var chunk in _stdin.Reader.ReadAllAsync())
        {
            text.Append(Encoding.UTF8.GetString(chunk));
        }

        return text.ToString();
    }

    public ValueTask WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        _stdin.Writer.TryWrite(data.ToArray());
        return ValueTask.CompletedTask;
    }

    public Task CloseStdinAsync(CancellationToken cancellationToken)
    {
        _stdin.Writer.TryComplete();
        return Task.CompletedTask;
    }

    public ValueTask ResizeAsync(TerminalSize size, CancellationToken cancellationToken)
    {
        _resizes.Writer.TryWrite(size);
        return ValueTask.CompletedTask;
    }

    public ValueTask<int> ReadOutputAsync(RemoteCommandChannel channel, Memory<byte> buffer, CancellationToken cancellationToken) => channel switch
    {
        RemoteCommandChannel.Stdout => _stdout.ReadAsync(buffer, cancellationToken),
        RemoteCommandChannel.Stderr => _stderr.ReadAsync(buffer, cancellationToken),
        _ => ValueTask.FromResult(0),
    };

    public Task<RemoteCommandStatus> ReadStatusAsync(CancellationToken cancellationToken) => _status.Task.WaitAsync(cancellationToken);

    public ValueTask DisposeAsync()
    {
        // Like a closed connection to the runtime: the output ends.
        _stdout.Chunks.Writer.TryComplete();
        _stderr.Chunks.Writer.TryComplete();
        Disposed.TrySetResult();
        return ValueTask.CompletedTask;
    }

    private sealed class Output
    {
        private ReadOnlyMemory<byte> _current;

        public Channel<byte[]> Chunks { get; } = Channel.CreateUnbounded<byte[]>();

        public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            while (_current.IsEmpty)
            {
                if (!await Chunks.Reader.WaitToReadAsync(cancellationToken))
                {
                    return 0;
                }

                if (Chunks.Reader.TryRead(out var chunk))
                {
                    _current = chunk;
                }
            }

            var count = Math.Min(buffer.Length, _current.Length);
            _current.Span[..count].CopyTo(buffer.Span);
            _current = _current[count..];
            return count;
        }
    }
}
