namespace KubeSharp.Kubelet.Volumes;

/// <summary>
/// A hostPath volume's checks (upstream's hostpath plugin): no '..' in the path, then its type.
/// DirectoryOrCreate makes a missing directory (0755, parents too), FileOrCreate an empty file
/// (0644); the other types only check what is there, symlinks followed; "" checks nothing.
/// </summary>
internal static class HostPathVolume
{
    private const UnixFileMode NewDirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode NewFileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <exception cref="InvalidOperationException">The path is invalid or is not of the type asked for.</exception>
    public static void Check(string path, string? type)
    {
        if (path.Split('/').Contains(".."))
        {
            throw new InvalidOperationException($"invalid HostPath `{path}`: must not contain '..'");
        }

        var actual = VolumeSyscalls.FileType(path);
        switch (type ?? string.Empty)
        {
            case "":
                return;
            case "DirectoryOrCreate" when actual is null:
                Directory.CreateDirectory(path, NewDirectoryMode);
                return;
            case "DirectoryOrCreate":
            case "Directory":
                Expect(actual == VolumeSyscalls.TypeDirectory, path, "a directory");
                return;
            case "FileOrCreate" when actual is null:
                CreateFile(path);
                return;
            case "FileOrCreate":
            case "File":
                Expect(actual is not null && actual != VolumeSyscalls.TypeDirectory, path, "a file");
                return;
            case "Socket":
                Expect(actual == VolumeSyscalls.TypeSocket, path, "a socket file");
                return;
            case "CharDevice":
                Expect(actual == VolumeSyscalls.TypeCharDevice, path, "a character device");
                return;
            case "BlockDevice":
                Expect(actual == VolumeSyscalls.TypeBlockDevice, path, "a block device");
                return;
            default:
                throw new InvalidOperationException($"{type} is an invalid volume type");
        }
    }

    private static void Expect(bool matches, string path, string what)
    {
        if (!matches)
        {
            throw new InvalidOperationException($"hostPath type check failed: {path} is not {what}");
        }
    }

    private static void CreateFile(string path)
    {
        try
        {
            new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = NewFileMode }).Dispose();
        }
        catch (IOException) when (File.Exists(path))
        {
            // Made meanwhile by someone else: as good.
        }
    }
}
