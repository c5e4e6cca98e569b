using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace KubeSharp.Kubelet.Logs;

/// <summary>
/// Copies a container's CRI log file to a log response (upstream's kuberuntime/logs ReadLogs): from
/// where the tail begins, flushed after every read so that a follower sees lines as they come. With
/// follow it polls for growth, follows a rotation (the file renamed away and a new one made at the
/// path) or a truncation, and ends once the container has exited and the file is read to its end.
/// </summary>
internal sealed partial class ContainerLogReader(TimeProvider time, ILogger logger)
{
    private const int InitialBufferSize = 64 * 1024;

    // A "line" this long without a newline is not CRI output (the runtime splits lines at 16 KiB): it is dropped.
    private const int MaxLineSize = 1024 * 1024;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan StateCheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>Opens a log file for reading while the runtime writes and rotates it.</summary>
    /// <exception cref="IOException">The file cannot be opened (e.g. <see cref="FileNotFoundException"/>).</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static SafeFileHandle Open(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

    /// <summary>
    /// Writes the log to <paramref name="output"/> until the file's end, or with follow until the
    /// container has exited, the limits are reached, the reader has gone or <paramref name="cancellationToken"/> fires.
    /// </summary>
    /// <param name="file">The log file, opened with <see cref="Open"/>; the caller closes it (files opened after a rotation are closed here).</param>
    /// <param name="path">The log file's path, where a rotation makes the next file.</param>
    /// <param name="running">Whether the container still runs; asked about once a second while following.</param>
    public async Task CopyAsync(
        SafeFileHandle file, string path, ContainerLogOptions options, Func<CancellationToken, Task<bool>> running, PipeWriter output, CancellationToken cancellationToken)
    {
        var writer = new CriLogWriter(options);
        if (writer.Done)
        {
            return;
        }

        var current = file;
        var identity = Identity(current);
        var position = options.TailLines is { } tail ? CriLogTail.FindStart(current, RandomAccess.GetLength(current), tail) : 0;
        var buffer = new byte[InitialBufferSize];
        var carried = 0;
        var exited = false;
        var rotated = false;
        var nextStateCheck = time.GetUtcNow();
        try
        {
            while (true)
            {
                if (carried == buffer.Length)
                {
                    if (buffer.Length >= MaxLineSize)
                    {
                        LogOverlongLine(logger, path, position);
                        carried = 0;
                    }
                    else
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }
                }

                var read = await RandomAccess.ReadAsync(current, buffer.AsMemory(carried), position, cancellationToken);
                if (read > 0)
                {
                    position += read;
                    var consumed = WriteLines(buffer.AsSpan(0, carried + read), writer, output, path);
                    carried = carried + read - consumed;
                    buffer.AsSpan(consumed, carried).CopyTo(buffer);
                    if ((await output.FlushAsync(cancellationToken)).IsCompleted || writer.Done)
                    {
                        return;
                    }

                    continue;
                }

                if (!options.Follow)
                {
                    // A last line the runtime has not finished is shown as it is (as upstream does).
                    WriteLines(buffer.AsSpan(0, carried), writer, output, path, final: true);
                    await output.FlushAsync(cancellationToken);
                    return;
                }

                if (exited)
                {
                    return;
                }

                if (rotated)
                {
                    // The old file is read to its end (the runtime writes to the new one since it exists): go on with the new one.
                    if (TryOpen(path) is { } next)
                    {
                        if (current != file)
                        {
                            current.Dispose();
                        }

                        current = next;
                        identity = Identity(current);
                        position = 0;
                        carried = 0;
                        rotated = false;
                        continue;
                    }
                }
                else if (Identity(current) != identity && File.Exists(path))
                {
                    // Renamed away and a new file made at the path: read what is left of the old one first.
                    LogRotated(logger, path);
                    rotated = true;
                    continue;
                }
                else if (RandomAccess.GetLength(current) < position)
                {
                    LogTruncated(logger, path);
                    position = 0;
                    carried = 0;
                    continue;
                }

                if (time.GetUtcNow() >= nextStateCheck)
                {
                    nextStateCheck = time.GetUtcNow() + StateCheckInterval;
                    if (!await running(cancellationToken))
                    {
                        // Read once more: what the container wrote before it exited may have landed since.
                        exited = true;
                        continue;
                    }
                }

                await Task.Delay(PollInterval, time, cancellationToken);
            }
        }
        finally
        {
            if (current != file)
            {
                current.Dispose();
            }
        }
    }

    /// <summary>Writes the complete lines at the start of <paramref name="bytes"/> (all of them when final) and returns how many bytes they took.</summary>
    private int WriteLines(ReadOnlySpan<byte> bytes, CriLogWriter writer, IBufferWriter<byte> output, string path, bool final = false)
    {
        var consumed = 0;
        while (consumed < bytes.Length && !writer.Done)
        {
            var rest = bytes[consumed..];
            var end = rest.IndexOf((byte)'\n');
            if (end < 0 && !final)
            {
                break;
            }

            var line = end < 0 ? rest : rest[..(end + 1)];
            consumed += line.Length;
            if (CriLogEntry.TryParse(line, out var entry))
            {
                writer.Write(entry, output);
            }
            else
            {
                LogUnparsable(logger, path);
            }
        }

        return consumed;
    }

    private static SafeFileHandle? TryOpen(string path)
    {
        try
        {
            return Open(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    // What the open file is now: /proc/self/fd/N names its current path, which a rename or delete changes.
    private static string? Identity(SafeFileHandle file) =>
        new FileInfo("/proc/self/fd/" + file.DangerousGetHandle().ToInt64().ToString(CultureInfo.InvariantCulture)).LinkTarget;

    [LoggerMessage(Level = LogLevel.Debug, Message = "log file {Path} was rotated; following the new file")]
    private static partial void LogRotated(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "log file {Path} was truncated; reading it from the start")]
    private static partial void LogTruncated(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "skipped a line of log file {Path} that is not in the CRI format")]
    private static partial void LogUnparsable(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "skipped more than 1 MiB without a newline in log file {Path} before offset {Offset}")]
    private static partial void LogOverlongLine(ILogger logger, string path, long offset);
}
