using System.Text;
using KubeSharp.Kubelet.Logs;
using KubeSharp.TestSupport;

namespace KubeSharp.Kubelet.Tests.Logs;

public sealed class CriLogTailTests : IDisposable
{
    private const string One = "2024-01-01T00:00:01Z stdout F one\n";
    private const string TwoA = "2024-01-01T00:00:02Z stdout P tw\n";
    private const string TwoB = "2024-01-01T00:00:02Z stdout F o\n";
    private const string Three = "2024-01-01T00:00:03Z stderr F three\n";

    private readonly TempDirectory _dir = new("cri-tail");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_last_lines_start_at_their_first_entry()
    {
        var content = One + TwoA + TwoB + Three;

        Assert.Equal(content.Length - Three.Length, Start(content, 1));
        Assert.Equal(One.Length, Start(content, 2));
        Assert.Equal(0, Start(content, 3));
        Assert.Equal(0, Start(content, 10));
    }

    [Fact]
    public void A_line_split_into_partials_is_taken_whole()
    {
        var content = One + TwoA + TwoB;

        Assert.Equal(One.Length, Start(content, 1));
    }

    [Fact]
    public void An_unfinished_last_line_is_not_counted_but_kept()
    {
        var content = One + Three + "2024-01-01T00:00:04Z stdout F unfini";

        Assert.Equal(One.Length, Start(content, 1));
    }

    [Fact]
    public void A_tail_of_nothing_starts_after_the_last_complete_line()
    {
        var content = One + Three;

        Assert.Equal(content.Length, Start(content, 0));
    }

    [Fact]
    public void Files_larger_than_a_block_are_searched_backwards()
    {
        var lines = Enumerable.Range(0, 5000).Select(i => $"2024-01-01T00:00:01Z stdout F line {i:D5}\n").ToList();
        var content = string.Concat(lines);

        Assert.Equal(content.Length - (lines[^1].Length * 1234), Start(content, 1234));
    }

    [Fact]
    public void An_empty_file_starts_at_zero()
    {
        Assert.Equal(0, Start(string.Empty, 5));
    }

    private long Start(string content, long lines)
    {
        var path = _dir.File(Guid.NewGuid().ToString("N") + ".log");
        File.WriteAllText(path, content, Encoding.ASCII);
        using var file = File.OpenHandle(path);
        return CriLogTail.FindStart(file, RandomAccess.GetLength(file), lines);
    }
}
