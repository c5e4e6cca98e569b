using System.Globalization;
using System.Security.Cryptography;

namespace KubeSharp.Kubelet.Volumes;

/// <summary>
/// Writes a set of files into a volume directory so that readers never see half an update
/// (upstream's pkg/volume/util AtomicWriter). The files live in a hidden timestamped directory
/// (<c>..2025_01_02_03_04_05.123456789</c>); <c>..data</c> is a symlink to it, replaced in one
/// rename; each visible top-level name is a symlink <c>name -&gt; ..data/name</c>. Names starting
/// with <c>..</c> are reserved. Callers serialise writes to one directory.
/// </summary>
internal static class AtomicWriter
{
    public const string DataDirName = "..data";
    private const string NewDataDirName = "..data_tmp";
    private const int MaxFileNameLength = 255;
    private const int MaxPathLength = 4096;
    private const UnixFileMode TimestampDirMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private static readonly EnumerationOptions Everything = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = true,
    };

    /// <summary>
    /// Projects <paramref name="payload"/> (relative path → file) into <paramref name="targetDir"/>,
    /// which must exist. Nothing is written when every file already has the same content and no
    /// file has to go; otherwise a new timestamped directory replaces the old one, which is deleted
    /// along with the visible links of files no longer in the payload.
    /// </summary>
    /// <returns>Whether anything in the directory changed.</returns>
    /// <exception cref="ArgumentException">A path is empty, absolute, contains '..' or is too long.</exception>
    public static bool Write(string targetDir, IReadOnlyDictionary<string, FileProjection> payload, TimeProvider time)
    {
        var files = Validate(payload);
        var dataDir = Path.Combine(targetDir, DataDirName);
        var oldName = Symlinks.ReadLink(dataDir);
        var oldDir = oldName is not null && IsTimestampName(oldName) ? Path.Combine(targetDir, oldName) : null;

        var stale = new List<string>();
        var write = true;
        if (oldDir is not null)
        {
            stale = PathsToRemove(files, oldDir);
            write = stale.Count > 0 || Differs(files, oldDir);
        }

        if (write)
        {
            var newName = CreateTimestampDir(targetDir, time);
            var newDir = Path.Combine(targetDir, newName);
            try
            {
                WriteFiles(files, newDir);
                var newDataDir = Path.Combine(targetDir, NewDataDirName);
                if (Symlinks.Exists(newDataDir))
                {
                    // Left by a write that stopped half way.
                    File.Delete(newDataDir);
                }

                File.CreateSymbolicLink(newDataDir, newName);
                VolumeSyscalls.Rename(newDataDir, dataDir);
            }
            catch
            {
                Directory.Delete(newDir, recursive: true);
                throw;
            }
        }

        var linked = CreateVisibleLinks(targetDir, files);
        if (write)
        {
            RemoveVisiblePaths(targetDir, stale);
            if (oldDir is not null && Directory.Exists(oldDir))
            {
                Directory.Delete(oldDir, recursive: true);
            }
        }

        return write || linked;
    }

    /// <summary>Upstream's validatePath rules, and the paths cleaned (no empty or "." parts).</summary>
    private static Dictionary<string, FileProjection> Validate(IReadOnlyDictionary<string, FileProjection> payload)
    {
        var files = new Dictionary<string, FileProjection>(StringComparer.Ordinal);
        foreach (var (path, file) in payload)
        {
            if (path.Length == 0)
            {
                throw new ArgumentException("invalid path: must not be empty: \"\"");
            }

            if (path.StartsWith('/'))
            {
                throw new ArgumentException($"invalid path: must be relative path: {path}");
            }

            if (path.Length > MaxPathLength)
            {
                throw new ArgumentException($"invalid path: must be less than or equal to {MaxPathLength} characters");
            }

            var parts = path.Split('/');
            foreach (var part in parts)
            {
                if (part == "..")
                {
                    throw new ArgumentException($"invalid path: must not contain '..': {path}");
                }

                if (part.Length > MaxFileNameLength)
                {
                    throw new ArgumentException($"invalid path: filenames must be less than or equal to {MaxFileNameLength} characters");
                }
            }

            if (parts[0].StartsWith("..", StringComparison.Ordinal) && parts[0].Length > 2)
            {
                throw new ArgumentException($"invalid path: must not start with '..': {path}");
            }

            var clean = string.Join('/', parts.Where(part => part.Length > 0 && part != "."));
            if (clean.Length == 0)
            {
                throw new ArgumentException($"invalid path: must not be empty: \"{path}\"");
            }

            files[clean] = file;
        }

        return files;
    }

    /// <summary>Only a directory this writer made is ever deleted through the <c>..data</c> link.</summary>
    private static bool IsTimestampName(string name) =>
        name.StartsWith("..", StringComparison.Ordinal) && name.Length > 2 && !name.Contains('/', StringComparison.Ordinal)
        && name != DataDirName && name != NewDataDirName;

    /// <summary>Every path under the old directory that neither is a payload file nor leads to one.</summary>
    private static List<string> PathsToRemove(Dictionary<string, FileProjection> files, string oldDir)
    {
        if (!Directory.Exists(oldDir))
        {
            return [];
        }

        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in files.Keys)
        {
            var sub = path;
            while (sub.Length > 0)
            {
                wanted.Add(sub);
                var slash = sub.LastIndexOf('/');
                sub = slash < 0 ? string.Empty : sub[..slash];
            }
        }

        return Directory.EnumerateFileSystemEntries(oldDir, "*", Everything)
            .Select(entry => Path.GetRelativePath(oldDir, entry))
            .Where(path => !wanted.Contains(path))
            .ToList();
    }

    private static bool Differs(Dictionary<string, FileProjection> files, string oldDir)
    {
        foreach (var (path, file) in files)
        {
            var existing = Path.Combine(oldDir, path);
            if (!File.Exists(existing) || !File.ReadAllBytes(existing).AsSpan().SequenceEqual(file.Data.Span))
            {
                return true;
            }
        }

        return false;
    }

    private static string CreateTimestampDir(string targetDir, TimeProvider time)
    {
        var prefix = time.GetUtcNow().UtcDateTime.ToString("..yyyy_MM_dd_HH_mm_ss.", CultureInfo.InvariantCulture);
        while (true)
        {
            var name = prefix + RandomNumberGenerator.GetInt32(int.MaxValue).ToString(CultureInfo.InvariantCulture);
            var path = Path.Combine(targetDir, name);
            if (Symlinks.Exists(path))
            {
                continue;
            }

            Directory.CreateDirectory(path);

            // Group and others must be able to traverse it whatever the umask.
            File.SetUnixFileMode(path, TimestampDirMode);
            return name;
        }
    }

    private static void WriteFiles(Dictionary<string, FileProjection> files, string dir)
    {
        foreach (var (path, file) in files)
        {
            var full = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, file.Data.Span);

            // The mode asked for, not the mode filtered by the umask.
            File.SetUnixFileMode(full, (UnixFileMode)(file.Mode & 0xFFF));
        }
    }

    /// <summary>Links each top-level name of the payload into <c>..data</c> where no entry of that name exists yet.</summary>
    private static bool CreateVisibleLinks(string targetDir, Dictionary<string, FileProjection> files)
    {
        var created = false;
        foreach (var name in files.Keys.Select(TopLevel).Distinct(StringComparer.Ordinal))
        {
            var visible = Path.Combine(targetDir, name);
            if (!Symlinks.Exists(visible))
            {
                File.CreateSymbolicLink(visible, DataDirName + "/" + name);
                created = true;
            }
        }

        return created;
    }

    /// <summary>Removes the visible entries of top-level names that left the payload (deeper paths went with the old directory).</summary>
    private static void RemoveVisiblePaths(string targetDir, List<string> stale)
    {
        foreach (var path in stale.Where(path => !path.Contains('/', StringComparison.Ordinal)))
        {
            var visible = Path.Combine(targetDir, path);
            if (Symlinks.ReadLink(visible) is null && Directory.Exists(visible))
            {
                Directory.Delete(visible);
            }
            else
            {
                File.Delete(visible);
            }
        }
    }

    private static string TopLevel(string path)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? path : path[..slash];
    }
}
