using System.Buffers;
using System.IO.Pipelines;

namespace KubeSharp.Kubelet.Tests.Streaming.Spdy;

/// <summary>
/// Two connected in-memory byte streams, like the two ends of a socket: what one writes the other reads, a
/// writer waits once 64 KiB lie unread (the pipes' default), and disposing an end is its peer's end of stream.
/// </summary>
internal static class DuplexPipe
{
    public static (Stream Left, Stream Right) Create()
    {
        var options = new PipeOptions(useSynchronizationContext: false);
        var leftToRight = new Pipe(options);
        var rightToLeft = new Pipe(options);
        return (new End(rightToLeft.Reader, leftToRight.Writer), new End(leftToRight.Reader, rightToLeft.Writer));
    }

    private sealed class End(PipeReader input, PipeWriter output) : Stream
    {
        private volatile bool _disposed;

        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (!_disposed)
            {
                var result = await input.ReadAsync(cancellationToken);
                if (result.IsCanceled)
                {
                    return 0;
                }

                var data = result.Buffer;
                if (!data.IsEmpty)
                {
                    var count = (int)Math.Min(data.Length, buffer.Length);
                    data.Slice(0, count).CopyTo(buffer.Span);
                    input.AdvanceTo(data.GetPosition(count));
                    return count;
                }

                input.AdvanceTo(data.End);
                if (result.IsCompleted)
                {
                    return 0;
                }
            }

            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var result = await output.WriteAsync(buffer, cancellationToken);
            if (result.IsCompleted)
            {
                throw new IOException("the other end is gone");
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("asynchronous only");

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("asynchronous only");

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_disposed)
            {
                _disposed = true;
                output.Complete();
                // A read waiting on this end returns as at the end of the stream.
                input.CancelPendingRead();
            }

            base.Dispose(disposing);
        }
    }
}
