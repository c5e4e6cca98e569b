using Microsoft.Win32.SafeHandles;

namespace KubeSharp.Kubelet.Logs;

/// <summary>
/// Where the last N lines of a CRI log file begin, found by reading it backwards (upstream's
/// tail.FindTailLineStartIndex). Unlike upstream, a line the runtime split into partial entries counts
/// once and is shown whole. An unterminated last line is not counted (it is still being written).
/// </summary>
internal static class CriLogTail
{
    private const int BlockSize = 16 * 1024;

    // Enough for "<time with nanoseconds and zone> stderr P ": the fields that say whether a line is partial.
    private const int HeaderSize = 64;

    public static long FindStart(SafeFileHandle file, long length, long lines)
    {
        var block = new byte[BlockSize];
        var header = new byte[HeaderSize];
        long lastNewLine = -1;
        long counted = 0;
        long start = 0;
        var found = false;

        // The line beginning at lineStart, seen from the end: true once the start is known.
        bool Take(long lineStart)
        {
            var read = RandomAccess.Read(file, header.AsSpan(0, (int)Math.Min(HeaderSize, lastNewLine + 1 - lineStart)), lineStart);
            var partial = CriLogEntry.TryParse(header.AsSpan(0, read), out var entry) && entry.Partial;
            if (found)
            {
                // Partial entries just before the first wanted line belong to it.
                if (!partial)
                {
                    return true;
                }

                start = lineStart;
                return false;
            }

            if (!partial && ++counted == lines)
            {
                found = true;
                start = lineStart;
            }

            return false;
        }

        var blockStart = length;
        while (blockStart > 0)
        {
            var size = (int)Math.Min(BlockSize, blockStart);
            blockStart -= size;
            if (RandomAccess.Read(file, block.AsSpan(0, size), blockStart) != size)
            {
                // The file shrank under us (rotated with copy-truncate): all of it is the tail.
                return 0;
            }

            var span = block.AsSpan(0, size);
            for (var i = span.LastIndexOf((byte)'\n'); i >= 0; i = span[..i].LastIndexOf((byte)'\n'))
            {
                var newLine = blockStart + i;
                if (lastNewLine < 0)
                {
                    if (lines == 0)
                    {
                        return newLine + 1;
                    }
                }
                else if (Take(newLine + 1))
                {
                    return start;
                }

                lastNewLine = newLine;
            }
        }

        // The first line of the file.
        if (lastNewLine >= 0 && lines > 0)
        {
            Take(0);
        }

        return found ? start : 0;
    }
}
