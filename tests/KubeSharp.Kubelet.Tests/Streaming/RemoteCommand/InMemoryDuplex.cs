using System.Threading.Channels;

namespace KubeSharp.Kubelet.Tests.Streaming.RemoteCommand;

/// <summary>Two connected in-memory streams, like the ends of a socket: what one writes the other reads, and disposing one ends the other's reading.</summary>
internal static class InMemoryDuplex
{
    public static (Stream Left, Stream Right) Create()
    {
        var toRight = Channel.CreateUnbounded<byte[]>();
        var toLeft = Channel.CreateUnbounded<byte[]>();
        return (new End(toLeft, toRight), new End(toRight, toLeft));
    }

    private sealed class End(Channel<byte[]> incoming, Channel<byte[]> outgoing) : Stream
    {
        private ReadOnlyMemory<byte> _current;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (_current.IsEmpty)
            {
                if (!await incoming.Reader.WaitToReadAsync(cancellationToken))
                {
                    return 0;
                }

                if (incoming.Reader.TryRead(out var chunk))
                {
                    _current = chunk;
                }
            }

            var count = Math.Min(buffer.Length, _current.Length);
            _current.Span[..count].CopyTo(buffer.Span);
            _current = _current[count..];
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) =>
            ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!buffer.IsEmpty && !outgoing.Writer.TryWrite(buffer.ToArray()))
            {
                throw new IOException("the other end is closed");
            }

            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) =>
            WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                outgoing.Writer.TryComplete();
                incoming.Writer.TryComplete();
            }

            base.Dispose(disposing);
        }
    }
}
