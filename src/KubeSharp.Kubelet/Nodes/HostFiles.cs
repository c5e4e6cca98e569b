namespace KubeSharp.Kubelet.Nodes;

/// <summary>Reads the small kernel and distribution files that describe the machine; a missing or unreadable one is just absent.</summary>
internal static class HostFiles
{
    public static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The first line, trimmed; null when the file cannot be read or is blank.</summary>
    public static string? TryReadLine(string path)
    {
        var text = TryRead(path);
        if (text is null)
        {
            return null;
        }

        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var line = (newline >= 0 ? text[..newline] : text).Trim();
        return line.Length > 0 ? line : null;
    }
}
