namespace KubeSharp.Kubelet.Volumes;

/// <summary>
/// Path operations that treat symbolic links as links: reading one, resolving a path as the kernel
/// would (to check it stays inside a directory), and deleting a tree without following links out
/// of it.
/// </summary>
internal static class Symlinks
{
    private const int MaxLinks = 40;

    private static readonly EnumerationOptions Everything = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
    };

    /// <summary>The link's target as written, or null when the path is not a symbolic link (or does not exist).</summary>
    public static string? ReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Whether anything is at the path, a dangling link included.</summary>
    public static bool Exists(string path) => ReadLink(path) is not null || File.Exists(path) || Directory.Exists(path);

    /// <summary>
    /// The absolute path with every symbolic link resolved (realpath(3)); a part that does not exist
    /// is kept as written, so the result says where the path would be created.
    /// </summary>
    /// <exception cref="IOException">More than 40 links were followed (a loop).</exception>
    public static string Resolve(string path)
    {
        var absolute = Path.IsPathRooted(path) ? path : Path.Combine(Directory.GetCurrentDirectory(), path);
        var pending = new Stack<string>(Parts(absolute).Reverse());
        var current = "/";
        var followed = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var next = Path.Join(current, part);
            var target = ReadLink(next);
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++followed > MaxLinks)
            {
                throw new IOException($"too many levels of symbolic links in {path}");
            }

            foreach (var targetPart in Parts(target).Reverse())
            {
                pending.Push(targetPart);
            }

            if (target.StartsWith('/'))
            {
                current = "/";
            }
        }

        return current;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or below it (both resolved already).</summary>
    public static bool IsWithin(string path, string root)
    {
        var prefix = root.EndsWith('/') ? root : root + "/";
        return path == root || path.StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>
    /// Deletes a file, link or directory tree; links are removed, never followed, so nothing outside
    /// the tree is touched. Mount points below must be unmounted first.
    /// </summary>
    public static void DeleteTree(string path)
    {
        if (!Exists(path))
        {
            return;
        }

        if (ReadLink(path) is not null || !Directory.Exists(path))
        {
            File.Delete(path);
            return;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(path, "*", Everything).ToList())
        {
            DeleteTree(entry);
        }

        Directory.Delete(path);
    }

    private static IEnumerable<string> Parts(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
