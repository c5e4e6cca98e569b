using System.Buffers.Binary;
using System.Text;
using ICSharpCode.SharpZipLib;
using ICSharpCode.SharpZipLib.Zip.Compression;

namespace KubeSharp.Kubelet.Streaming.Spdy;

/// <summary>
/// Reads the name/value header blocks of the one zlib stream a peer sends all its header blocks in (draft 3.1
/// §2.6.10): each block continues the stream where the previous ended, so every block must pass through here
/// in wire order, even those of streams nobody wants. Names come out lower-case; of a value holding several
/// NUL-separated values only the first is kept, and of a name given twice only the first. Not thread-safe.
/// </summary>
internal sealed class HeaderBlockDecoder
{
    /// <summary>A bound on one decompressed block, so a small frame cannot inflate into a huge one.</summary>
    public const int MaxBlockLength = 256 * 1024;

    private readonly Inflater _inflater = new();
    private byte[] _block = new byte[1024];

    /// <exception cref="InvalidDataException">The compressed data or the block in it is malformed.</exception>
    public IReadOnlyDictionary<string, string> Decode(byte[] buffer, int offset, int count)
    {
        try
        {
            // Inflate may grow _block: take the span after it.
            var length = Inflate(buffer, offset, count);
            return Parse(_block.AsSpan(0, length));
        }
        catch (Exception error) when (error is SharpZipBaseException or InvalidOperationException or IndexOutOfRangeException)
        {
            // Corrupt input: SharpZipLib's own exceptions, or its state and bounds checks failing on input it cannot follow.
            throw new InvalidDataException($"malformed compressed header block: {error.Message}", error);
        }
    }

    private int Inflate(byte[] buffer, int offset, int count)
    {
        _inflater.SetInput(buffer, offset, count);
        var length = 0;
        while (true)
        {
            if (length == _block.Length)
            {
                if (length >= MaxBlockLength)
                {
                    throw new InvalidDataException($"header block longer than {MaxBlockLength} bytes");
                }

                Array.Resize(ref _block, _block.Length * 2);
            }

            var produced = _inflater.Inflate(_block, length, _block.Length - length);
            length += produced;
            if (produced > 0)
            {
                continue;
            }

            if (_inflater.IsNeedingDictionary)
            {
                if ((uint)_inflater.Adler != SpdyDictionary.Adler32)
                {
                    throw new InvalidDataException($"the header stream wants dictionary 0x{(uint)_inflater.Adler:X8}, not SPDY's");
                }

                _inflater.SetDictionary(SpdyDictionary.Bytes.ToArray());
                continue;
            }

            if (_inflater.IsNeedingInput)
            {
                return length;
            }

            throw new InvalidDataException("the header stream ended");
        }
    }

    private static Dictionary<string, string> Parse(ReadOnlySpan<byte> block)
    {
        var count = ReadLength(block, 0);
        // Every pair takes at least its two lengths.
        if (count > (block.Length - 4) / 8)
        {
            throw new InvalidDataException($"header block claims {count} pairs in {block.Length} bytes");
        }

        var headers = new Dictionary<string, string>(count, StringComparer.OrdinalIgnoreCase);
        var position = 4;
        for (var i = 0; i < count; i++)
        {
            var name = ReadString(block, ref position);
            var value = ReadString(block, ref position);
            if (name.Length == 0)
            {
                throw new InvalidDataException("header block has an empty name");
            }

            var separator = value.IndexOf('\0', StringComparison.Ordinal);
            headers.TryAdd(name.ToLowerInvariant(), separator < 0 ? value : value[..separator]);
        }

        if (position != block.Length)
        {
            throw new InvalidDataException($"header block has {block.Length - position} bytes after its last pair");
        }

        return headers;
    }

    private static string ReadString(ReadOnlySpan<byte> block, ref int position)
    {
        var length = ReadLength(block, position);
        position += 4;
        if (length > block.Length - position)
        {
            throw new InvalidDataException("header block ends inside a name or value");
        }

        var text = Encoding.UTF8.GetString(block.Slice(position, length));
        position += length;
        return text;
    }

    private static int ReadLength(ReadOnlySpan<byte> block, int position)
    {
        if (block.Length - position < 4)
        {
            throw new InvalidDataException("header block ends inside a length");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(block[position..]);
        return length > int.MaxValue ? throw new InvalidDataException("header block length out of range") : (int)length;
    }
}
