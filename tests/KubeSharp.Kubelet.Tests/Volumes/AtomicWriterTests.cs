using System.Text;
using KubeSharp.Kubelet.Volumes;
using KubeSharp.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Kubelet.Tests.Volumes;

public sealed class AtomicWriterTests : IDisposable
{
    private const int ReadWrite = 0b110_100_100;
    private const int OwnerOnly = 0b100_000_000;

    private readonly TempDirectory _dir = new("atomic-writer");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_first_write_makes_a_timestamped_directory_the_data_link_and_visible_links()
    {
        var changed = AtomicWriter.Write(_dir.Path, Payload(("name", "web", ReadWrite), ("conf/app.yaml", "a: 1", OwnerOnly)), _time);

        Assert.True(changed);
        var data = Link("..data");
        Assert.StartsWith("..2025_01_02_03_04_05.", data, StringComparison.Ordinal);
        Assert.True(Directory.Exists(_dir.File(data)));
        Assert.Equal("..data/name", Link("name"));
        Assert.Equal("..data/conf", Link("conf"));
        Assert.Equal("web", File.ReadAllText(_dir.File("name")));
        Assert.Equal("a: 1", File.ReadAllText(Path.Combine(_dir.Path, "conf", "app.yaml")));
        Assert.Equal("644", TestPods.Octal(File.GetUnixFileMode(Path.Combine(_dir.Path, data, "name"))));
        Assert.Equal("400", TestPods.Octal(File.GetUnixFileMode(Path.Combine(_dir.Path, data, "conf", "app.yaml"))));
        Assert.Equal("755", TestPods.Octal(File.GetUnixFileMode(_dir.File(data))));
        Assert.False(File.Exists(_dir.File("..data_tmp")));
    }

    [Fact]
    public void An_unchanged_payload_writes_nothing()
    {
        AtomicWriter.Write(_dir.Path, Payload(("name", "web", ReadWrite)), _time);
        var before = Link("..data");
        _time.Advance(TimeSpan.FromMinutes(1));

        var changed = AtomicWriter.Write(_dir.Path, Payload(("name", "web", ReadWrite)), _time);

        Assert.False(changed);
        Assert.Equal(before, Link("..data"));
        Assert.Equal([before], TimestampDirs());
    }

    [Fact]
    public void A_changed_payload_swaps_the_data_link_and_removes_the_old_directory()
    {
        AtomicWriter.Write(_dir.Path, Payload(("name", "web", ReadWrite), ("other", "x", ReadWrite)), _time);
        var before = Link("..data");
        _time.Advance(TimeSpan.FromMinutes(1));

        var changed = AtomicWriter.Write(_dir.Path, Payload(("name", "api", ReadWrite), ("other", "x", ReadWrite)), _time);

        Assert.True(changed);
        var after = Link("..data");
        Assert.NotEqual(before, after);
        Assert.StartsWith("..2025_01_02_03_05_05.", after, StringComparison.Ordinal);
        Assert.Equal([after], TimestampDirs());
        Assert.Equal("api", File.ReadAllText(_dir.File("name")));
        Assert.Equal("x", File.ReadAllText(_dir.File("other")));
    }

    [Fact]
    public void A_removed_key_loses_its_visible_link()
    {
        AtomicWriter.Write(_dir.Path, Payload(("keep", "1", ReadWrite), ("drop", "2", ReadWrite), ("dir/inner", "3", ReadWrite)), _time);

        var changed = AtomicWriter.Write(_dir.Path, Payload(("keep", "1", ReadWrite)), _time);

        Assert.True(changed);
        Assert.Equal(["..data", "keep"], Entries().Where(name => !name.StartsWith("..2", StringComparison.Ordinal)));
        Assert.Equal("1", File.ReadAllText(_dir.File("keep")));
    }

    [Fact]
    public void An_empty_payload_leaves_only_the_hidden_entries()
    {
        var changed = AtomicWriter.Write(_dir.Path, Payload(), _time);

        Assert.True(changed);
        Assert.All(Entries(), name => Assert.StartsWith("..", name, StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.File(Link("..data"))));
    }

    [Fact]
    public void A_missing_visible_link_is_restored_without_rewriting()
    {
        AtomicWriter.Write(_dir.Path, Payload(("name", "web", ReadWrite)), _time);
        var before = Link("..data");
        File.Delete(_dir.File("name"));

        var changed = AtomicWriter.Write(_dir.Path, Payload(("name", "web", ReadWrite)), _time);

        Assert.True(changed);
        Assert.Equal(before, Link("..data"));
        Assert.Equal("web", File.ReadAllText(_dir.File("name")));
    }

    [Theory]
    [InlineData("", "invalid path: must not be empty: \"\"")]
    [InlineData("/etc/passwd", "invalid path: must be relative path: /etc/passwd")]
    [InlineData("a/../../b", "invalid path: must not contain '..': a/../../b")]
    [InlineData("..hidden", "invalid path: must not start with '..': ..hidden")]
    public void Invalid_paths_are_refused(string path, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => AtomicWriter.Write(_dir.Path, Payload((path, "x", ReadWrite)), _time));

        Assert.Equal(message, error.Message);
        Assert.Empty(Entries());
    }

    private static Dictionary<string, FileProjection> Payload(params (string Path, string Content, int Mode)[] files) =>
        files.ToDictionary(file => file.Path, file => new FileProjection(Encoding.UTF8.GetBytes(file.Content), file.Mode), StringComparer.Ordinal);

    private string Link(string name) => new FileInfo(_dir.File(name)).LinkTarget ?? throw new InvalidOperationException(name + " is not a link");

    private List<string> Entries() =>
        [.. new DirectoryInfo(_dir.Path).EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0 }).Select(entry => entry.Name).Order(StringComparer.Ordinal)];

    private List<string> TimestampDirs() => [.. Entries().Where(name => name.StartsWith("..2", StringComparison.Ordinal))];
}
