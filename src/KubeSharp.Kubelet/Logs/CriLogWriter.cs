using System.Buffers;

namespace KubeSharp.Kubelet.Logs;

/// <summary>
/// Turns CRI log entries into the log endpoint's output (upstream's logWriter): partial entries run
/// on into the next, so lines come out whole; entries before <see cref="ContainerLogOptions.Since"/>
/// are left out; with timestamps each line starts with its time; output stops at
/// <see cref="ContainerLogOptions.LimitBytes"/>, cutting the last line; without follow it also stops
/// after <see cref="ContainerLogOptions.TailLines"/> lines, so a file that grows meanwhile adds none.
/// </summary>
internal sealed class CriLogWriter
{
    private readonly ContainerLogOptions _options;
    private long _remainingBytes;
    private long _remainingLines;
    private bool _atLineStart = true;

    public CriLogWriter(ContainerLogOptions options)
    {
        _options = options;
        _remainingBytes = options.LimitBytes ?? long.MaxValue;
        _remainingLines = !options.Follow && options.TailLines is { } tail ? tail : long.MaxValue;
        Done = _remainingLines == 0;
    }

    /// <summary>True once nothing more is to be written: the byte limit or the line count is reached.</summary>
    public bool Done { get; private set; }

    public void Write(in CriLogEntry entry, IBufferWriter<byte> output)
    {
        if (Done)
        {
            return;
        }

        if (_options.Since is not { } since || entry.Time >= since)
        {
            if (_options.Timestamps && _atLineStart)
            {
                Emit(entry.TimeText, output);
                Emit(" "u8, output);
            }

            Emit(entry.Content, output);
        }

        _atLineStart = entry.Content.Length == 0 || entry.Content[^1] == (byte)'\n';
        if (!entry.Partial && --_remainingLines == 0)
        {
            Done = true;
        }
    }

    private void Emit(ReadOnlySpan<byte> bytes, IBufferWriter<byte> output)
    {
        if (Done)
        {
            return;
        }

        if (bytes.Length >= _remainingBytes)
        {
            bytes = bytes[..(int)_remainingBytes];
            Done = true;
        }

        output.Write(bytes);
        _remainingBytes -= bytes.Length;
    }
}
