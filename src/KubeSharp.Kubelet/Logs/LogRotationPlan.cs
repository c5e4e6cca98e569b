using System.Globalization;

namespace KubeSharp.Kubelet.Logs;

/// <summary>
/// What to do with one container's log files now (upstream's containerLogManager.rotateLog, without
/// compression): nothing while the live file is within the size limit; otherwise remove the oldest
/// rotated files so that, with the one about to be made and the live one, at most MaxFiles remain,
/// and rename the live file to <c>&lt;path&gt;.&lt;yyyyMMdd-HHmmss&gt;</c>.
/// </summary>
/// <param name="RotateTo">The name the live file gets; null when it stays.</param>
/// <param name="Remove">Rotated files to delete, oldest first.</param>
internal sealed record LogRotationPlan(string? RotateTo, IReadOnlyList<string> Remove)
{
    private static readonly LogRotationPlan None = new(null, []);

    /// <param name="path">The live log file.</param>
    /// <param name="size">Its size now.</param>
    /// <param name="rotated">The rotated files beside it (<c>&lt;path&gt;.*</c>), in any order.</param>
    public static LogRotationPlan For(string path, long size, IEnumerable<string> rotated, DateTimeOffset now, ContainerLogRotationOptions options)
    {
        if (size <= options.MaxSize)
        {
            return None;
        }

        // The timestamp suffix sorts by age; one slot is the live file and one the file made now.
        var prefix = Path.GetFileName(path) + ".";
        var old = rotated
            .Where(f => Path.GetFileName(f).StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var keep = Math.Max(options.MaxFiles, 2) - 2;
        var remove = old.Take(Math.Max(old.Count - keep, 0)).ToList();
        return new LogRotationPlan(path + "." + now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture), remove);
    }
}
