using System.Text;

namespace KubeSharp.Kubelet.Volumes;

/// <summary>The mounts this process sees, from /proc/self/mountinfo (proc(5)).</summary>
internal static class MountTable
{
    public const string SelfMountInfo = "/proc/self/mountinfo";

    // id, parent, major:minor, root, mount point, options, then optional fields up to "-".
    private const int MountPointField = 4;
    private const int FirstOptionalField = 6;

    public static List<MountPoint> Read(string file = SelfMountInfo) => Parse(File.ReadAllText(file));

    public static List<MountPoint> Parse(string text)
    {
        var mounts = new List<MountPoint>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (fields.Length <= FirstOptionalField)
            {
                continue;
            }

            var separator = Array.IndexOf(fields, "-", FirstOptionalField);
            if (separator < 0 || separator + 1 >= fields.Length)
            {
                continue;
            }

            mounts.Add(new MountPoint(Unescape(fields[MountPointField]), fields[separator + 1]));
        }

        return mounts;
    }

    /// <summary>The mounts at or below <paramref name="root"/> (a resolved path), deepest first.</summary>
    public static List<MountPoint> Under(IEnumerable<MountPoint> mounts, string root) =>
        [.. mounts.Where(mount => Symlinks.IsWithin(mount.Path, root)).OrderByDescending(mount => mount.Path.Length)];

    /// <summary>The kernel writes space, tab, newline and backslash in paths as three octal digits after a backslash.</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                text.Append((char)(((field[i + 1] - '0') * 64) + ((field[i + 2] - '0') * 8) + (field[i + 3] - '0')));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }

        return text.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
