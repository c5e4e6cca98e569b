namespace KubeSharp.Kubelet.Images;

/// <summary>The kinds of entry an image layer written by <see cref="OciArchiveWriter"/> can hold.</summary>
internal enum LayerEntryKind
{
    Directory,
    File,
    Symlink,
}

/// <summary>
/// One entry of an image layer, owned by root: a directory, a regular file (from bytes or copied
/// from a host file) or a symbolic link. Paths are relative to the image's root.
/// </summary>
internal sealed class LayerEntry
{
    /// <summary>rwxr-xr-x (0755).</summary>
    public const UnixFileMode Executable = (UnixFileMode)0b111_101_101;

    /// <summary>rw-r--r-- (0644).</summary>
    public const UnixFileMode Readable = (UnixFileMode)0b110_100_100;

    /// <summary>rwx------ (0700).</summary>
    public const UnixFileMode Private = (UnixFileMode)0b111_000_000;

    /// <summary>rwxrwxrwt (1777), as /tmp must be.</summary>
    public const UnixFileMode Sticky = (UnixFileMode)0b1_111_111_111;

    private LayerEntry(LayerEntryKind kind, string path, UnixFileMode mode)
    {
        var relative = path.Trim('/');
        if (relative.Length == 0 || relative.Split('/').Any(part => part is "" or "." or ".."))
        {
            throw new ArgumentException($"\"{path}\" is not a path inside an image", nameof(path));
        }

        Kind = kind;
        Path = relative;
        Mode = mode;
    }

    public LayerEntryKind Kind { get; }

    /// <summary>The path without leading or trailing slash, e.g. <c>bin/sh</c>.</summary>
    public string Path { get; }

    public UnixFileMode Mode { get; }

    /// <summary>A file's bytes, when it is not copied from <see cref="SourcePath"/>.</summary>
    public byte[]? Content { get; private init; }

    /// <summary>The host file a file entry is copied from.</summary>
    public string? SourcePath { get; private init; }

    /// <summary>A symlink's target, as stored (absolute targets resolve inside the container).</summary>
    public string? LinkTarget { get; private init; }

    public static LayerEntry Directory(string path, UnixFileMode mode = Executable) => new(LayerEntryKind.Directory, path, mode);

    public static LayerEntry File(string path, byte[] content, UnixFileMode mode = Readable) =>
        new(LayerEntryKind.File, path, mode) { Content = content };

    public static LayerEntry FileFrom(string path, string sourcePath, UnixFileMode mode = Executable) =>
        new(LayerEntryKind.File, path, mode) { SourcePath = sourcePath };

    public static LayerEntry Symlink(string path, string target) =>
        new(LayerEntryKind.Symlink, path, (UnixFileMode)0b111_111_111) { LinkTarget = target };
}
