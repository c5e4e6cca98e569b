namespace KubeSharp.Kubelet.Logs;

/// <summary>
/// One line of a CRI log file: <c>&lt;RFC3339Nano time&gt; &lt;stdout|stderr&gt; &lt;P|F&gt; &lt;text&gt;</c>, as
/// the runtime writes them (upstream's parseCRILog). A long or unterminated output line is split into
/// partial (P) entries, continued by the next entry of the same stream, the last one full (F).
/// </summary>
internal readonly ref struct CriLogEntry
{
    private const byte Space = (byte)' ';
    private const byte NewLine = (byte)'\n';

    public CriLogEntry(DateTimeOffset time, ReadOnlySpan<byte> timeText, CriLogStream stream, bool partial, ReadOnlySpan<byte> content)
    {
        Time = time;
        TimeText = timeText;
        Stream = stream;
        Partial = partial;
        Content = content;
    }

    public DateTimeOffset Time { get; }

    /// <summary>The time as the file has it (nanoseconds kept), which timestamped output shows.</summary>
    public ReadOnlySpan<byte> TimeText { get; }

    public CriLogStream Stream { get; }

    /// <summary>True for a P entry: its text goes on in the stream's next entry.</summary>
    public bool Partial { get; }

    /// <summary>The text: with its newline for a full entry, without one for a partial entry.</summary>
    public ReadOnlySpan<byte> Content { get; }

    /// <summary>Parses a line of the file, with or without its newline; false when it is not in the CRI format.</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out CriLogEntry entry)
    {
        entry = default;
        var timeEnd = line.IndexOf(Space);
        if (timeEnd < 0 || !Rfc3339.TryParse(line[..timeEnd], out var time))
        {
            return false;
        }

        var rest = line[(timeEnd + 1)..];
        var streamEnd = rest.IndexOf(Space);
        if (streamEnd < 0)
        {
            return false;
        }

        CriLogStream stream;
        if (rest[..streamEnd].SequenceEqual("stdout"u8))
        {
            stream = CriLogStream.Stdout;
        }
        else if (rest[..streamEnd].SequenceEqual("stderr"u8))
        {
            stream = CriLogStream.Stderr;
        }
        else
        {
            return false;
        }

        rest = rest[(streamEnd + 1)..];
        var tagEnd = rest.IndexOf(Space);
        if (tagEnd < 0)
        {
            return false;
        }

        // Tags are ':'-separated for forward compatibility; the first says partial or full.
        var tags = rest[..tagEnd];
        var firstTag = tags.IndexOf((byte)':') is var colon and >= 0 ? tags[..colon] : tags;
        var partial = firstTag.SequenceEqual("P"u8);
        var content = rest[(tagEnd + 1)..];
        if (partial && content.Length > 0 && content[^1] == NewLine)
        {
            content = content[..^1];
        }

        entry = new CriLogEntry(time, line[..timeEnd], stream, partial, content);
        return true;
    }
}
