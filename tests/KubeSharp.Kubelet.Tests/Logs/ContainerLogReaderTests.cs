using KubeSharp.Kubelet.Logs;
using KubeSharp.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Kubelet.Tests.Logs;

/// <summary>Copies of real files with the real clock: following polls every 150 ms and asks about the container every second.</summary>
public sealed class ContainerLogReaderTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _dir = new("container-logs");
    private readonly ContainerLogReader _reader = new(TimeProvider.System, NullLogger.Instance);
    private volatile bool _running = true;

    public void Dispose() => _dir.Dispose();

    private string LogPath => _dir.File("0.log");

    [Fact]
    public async Task Without_follow_the_file_is_copied_to_its_end()
    {
        Append(Line("stdout", "P", "hel"), Line("stdout", "F", "lo"), Line("stderr", "F", "oops"));

        Assert.Equal("hello\noops\n", await CopyAsync(new ContainerLogOptions()));
    }

    [Fact]
    public async Task Tail_since_and_timestamps_pick_and_mark_the_lines()
    {
        Append(
            "2024-01-01T00:00:01Z stdout F one\n",
            "2024-01-01T00:00:02Z stdout F two\n",
            "2024-01-01T00:00:03Z stdout F three\n",
            "2024-01-01T00:00:04Z stdout F four\n");

        Assert.Equal("three\nfour\n", await CopyAsync(new ContainerLogOptions { TailLines = 2 }));
        Assert.Equal(
            "2024-01-01T00:00:03Z three\n2024-01-01T00:00:04Z four\n",
            await CopyAsync(new ContainerLogOptions { Since = new DateTimeOffset(2024, 1, 1, 0, 0, 3, TimeSpan.Zero), Timestamps = true }));
        Assert.Equal("one\ntw", await CopyAsync(new ContainerLogOptions { LimitBytes = 6 }));
    }

    [Fact]
    public async Task An_unfinished_last_line_is_shown_without_follow()
    {
        Append(Line("stdout", "F", "done"), "2024-01-01T00:00:09Z stdout F half");

        Assert.Equal("done\nhalf", await CopyAsync(new ContainerLogOptions()));
    }

    [Fact]
    public async Task Following_sends_lines_as_the_file_grows_and_ends_once_the_container_has_exited()
    {
        Append(Line("stdout", "F", "first"));
        await using var capture = new LogCapture();
        using var file = ContainerLogReader.Open(LogPath);
        var copy = _reader.CopyAsync(file, LogPath, new ContainerLogOptions { Follow = true }, _ => Task.FromResult(_running), capture.Writer, CancellationToken.None);

        await Wait.UntilAsync(() => Task.FromResult(capture.Text == "first\n"), Patience, "the first line");
        Append(Line("stdout", "P", "sec"));
        Append(Line("stdout", "F", "ond"));
        await Wait.UntilAsync(() => Task.FromResult(capture.Text == "first\nsecond\n"), Patience, "the appended line");
        Assert.False(copy.IsCompleted);

        Append(Line("stderr", "F", "last words"));
        _running = false;
        await copy.WaitAsync(Patience);

        Assert.Equal("first\nsecond\nlast words\n", await capture.AllAsync());
    }

    [Fact]
    public async Task Following_an_exited_container_copies_the_file_and_ends()
    {
        Append(Line("stdout", "F", "bye"));
        _running = false;

        Assert.Equal("bye\n", await CopyAsync(new ContainerLogOptions { Follow = true }));
    }

    [Fact]
    public async Task Following_goes_on_in_the_new_file_after_a_rotation()
    {
        Append(Line("stdout", "F", "before"));
        await using var capture = new LogCapture();
        using var file = ContainerLogReader.Open(LogPath);
        var copy = _reader.CopyAsync(file, LogPath, new ContainerLogOptions { Follow = true }, _ => Task.FromResult(_running), capture.Writer, CancellationToken.None);
        await Wait.UntilAsync(() => Task.FromResult(capture.Text == "before\n"), Patience, "the first line");

        // As the rotation does it: renamed aside, the runtime writes a little more there, then reopens the path.
        var rotated = LogPath + ".20240101-000000";
        File.Move(LogPath, rotated);
        File.AppendAllText(rotated, Line("stdout", "F", "late"));
        Append(Line("stdout", "F", "after"));
        await Wait.UntilAsync(() => Task.FromResult(capture.Text == "before\nlate\nafter\n"), Patience, "the lines of both files");

        Append(Line("stdout", "F", "more"));
        await Wait.UntilAsync(() => Task.FromResult(capture.Text.EndsWith("more\n", StringComparison.Ordinal)), Patience, "a line of the new file");
        _running = false;
        await copy.WaitAsync(Patience);
        Assert.Equal("before\nlate\nafter\nmore\n", await capture.AllAsync());
    }

    [Fact]
    public async Task A_truncated_file_is_read_again_from_its_start()
    {
        Append(Line("stdout", "F", "a long first line"));
        await using var capture = new LogCapture();
        using var file = ContainerLogReader.Open(LogPath);
        var copy = _reader.CopyAsync(file, LogPath, new ContainerLogOptions { Follow = true }, _ => Task.FromResult(_running), capture.Writer, CancellationToken.None);
        await Wait.UntilAsync(() => Task.FromResult(capture.Text == "a long first line\n"), Patience, "the first line");

        File.WriteAllText(LogPath, Line("stdout", "F", "new"));
        await Wait.UntilAsync(() => Task.FromResult(capture.Text == "a long first line\nnew\n"), Patience, "the line after the truncation");
        _running = false;
        await copy.WaitAsync(Patience);
    }

    [Fact]
    public async Task Cancelling_ends_a_follow_and_closes_the_files_it_opened()
    {
        Append(Line("stdout", "F", "x"));
        await using var capture = new LogCapture();
        using var cancel = new CancellationTokenSource();
        var file = ContainerLogReader.Open(LogPath);
        var copy = _reader.CopyAsync(file, LogPath, new ContainerLogOptions { Follow = true }, _ => Task.FromResult(true), capture.Writer, cancel.Token);
        await Wait.UntilAsync(() => Task.FromResult(capture.Text == "x\n"), Patience, "the first line");
        File.Move(LogPath, LogPath + ".1");
        Append(Line("stdout", "F", "y"));
        await Wait.UntilAsync(() => Task.FromResult(capture.Text == "x\ny\n"), Patience, "the rotated file's line");

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => copy.WaitAsync(Patience));
        file.Dispose();

        Assert.Empty(OpenDescriptorsUnder(_dir.Path));
    }

    private static string Line(string stream, string tag, string text) => $"2024-01-01T00:00:00.123456789Z {stream} {tag} {text}\n";

    // The files of this process open under the directory, from /proc/self/fd.
    private static List<string> OpenDescriptorsUnder(string directory)
    {
        var open = new List<string>();
        foreach (var descriptor in Directory.GetFiles("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(descriptor).LinkTarget is { } target && target.StartsWith(directory, StringComparison.Ordinal))
                {
                    open.Add(target);
                }
            }
            catch (IOException)
            {
                // Closed while we looked.
            }
        }

        return open;
    }

    private void Append(params string[] lines) => File.AppendAllText(LogPath, string.Concat(lines));

    private async Task<string> CopyAsync(ContainerLogOptions options)
    {
        var capture = new LogCapture();
        using (var file = ContainerLogReader.Open(LogPath))
        {
            await _reader.CopyAsync(file, LogPath, options, _ => Task.FromResult(_running), capture.Writer, CancellationToken.None).WaitAsync(Patience);
        }

        return await capture.AllAsync();
    }
}
