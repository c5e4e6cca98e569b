using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace KubeSharp.Kubelet.Streaming.Spdy;

/// <summary>
/// Writes name/value header blocks (draft 3.1 §2.6.10) into the one zlib stream that carries every header
/// block a connection sends: count, then each name and value with 32-bit lengths, compressed and ended with a
/// sync flush so the peer can decode the block at once and the next block continues byte-aligned. The stream
/// is .NET's zlib (a real Z_SYNC_FLUSH; SharpZipLib's flush pads with bits a decoder reads as a block
/// header) and uses no preset dictionary: zlib readers, Go's included, accept a stream without FDICT, and
/// the dictionary only shortens the first blocks. Blocks must be encoded in wire order. Not thread-safe.
/// </summary>
internal sealed class HeaderBlockEncoder : IDisposable
{
    private readonly MemoryStream _compressed = new();
    private readonly ZLibStream _zlib;
    private byte[] _block = new byte[512];

    public HeaderBlockEncoder()
    {
        _zlib = new ZLibStream(_compressed, CompressionLevel.Fastest, leaveOpen: true);
    }

    /// <summary>The compressed block; it lies in the encoder's buffer and is valid until the next call.</summary>
    public ReadOnlySpan<byte> Encode(IReadOnlyCollection<KeyValuePair<string, string>> headers)
    {
        var length = Serialize(headers);
        _compressed.SetLength(0);
        _zlib.Write(_block, 0, length);
        _zlib.Flush();
        return _compressed.GetBuffer().AsSpan(0, (int)_compressed.Length);
    }

    public void Dispose()
    {
        _zlib.Dispose();
        _compressed.Dispose();
    }

    private int Serialize(IReadOnlyCollection<KeyValuePair<string, string>> headers)
    {
        var length = 4;
        foreach (var (name, value) in headers)
        {
            length += 8 + Encoding.UTF8.GetByteCount(name.ToLowerInvariant()) + Encoding.UTF8.GetByteCount(value);
        }

        if (_block.Length < length)
        {
            _block = new byte[Math.Max(length, _block.Length * 2)];
        }

        var span = _block.AsSpan(0, length);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)headers.Count);
        var position = 4;
        foreach (var (name, value) in headers)
        {
            position = WriteString(span, position, name.ToLowerInvariant());
            position = WriteString(span, position, value);
        }

        return length;
    }

    private static int WriteString(Span<byte> span, int position, string text)
    {
        var count = Encoding.UTF8.GetBytes(text, span[(position + 4)..]);
        BinaryPrimitives.WriteUInt32BigEndian(span[position..], (uint)count);
        return position + 4 + count;
    }
}
