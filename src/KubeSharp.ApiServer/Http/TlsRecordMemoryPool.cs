using System.Buffers;
using System.Collections.Concurrent;

namespace KubeSharp.ApiServer.Http;

/// <summary>
/// Kestrel's buffers in blocks of one full TLS record (16 KiB) instead of its own 4 KiB. Kestrel's TLS
/// layer encrypts and sends each block on its own, so 4 KiB blocks meant 4 KiB records: four times the
/// records, encryption calls and sends for a large response or a port-forward (which moved about 30 % more
/// bytes per second with these). Blocks are pinned, as Kestrel's are, since sockets read into them; up
/// to <see cref="MaxRetained"/> free ones are kept for reuse and the rest left to the collector.
/// </summary>
internal sealed class TlsRecordMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 16 * 1024;

    /// <summary>4 MiB of free blocks: enough for the bursts of many connections at once.</summary>
    private const int MaxRetained = 256;

    private readonly ConcurrentStack<Block> _free = new();
    private int _retained;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (_free.TryPop(out var block))
        {
            Interlocked.Decrement(ref _retained);
            return block;
        }

        return new Block(this);
    }

    protected override void Dispose(bool disposing) => _free.Clear();

    private void Return(Block block)
    {
        // ConcurrentStack counts by walking its list: the pool keeps its own count.
        if (Interlocked.Increment(ref _retained) <= MaxRetained)
        {
            _free.Push(block);
        }
        else
        {
            Interlocked.Decrement(ref _retained);
        }
    }

    private sealed class Block(TlsRecordMemoryPool pool) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory { get; } = GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);

        public void Dispose() => pool.Return(this);
    }
}
