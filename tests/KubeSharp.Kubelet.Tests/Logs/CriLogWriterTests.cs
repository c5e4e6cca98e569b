using System.Buffers;
using System.Text;
using KubeSharp.Kubelet.Logs;

namespace KubeSharp.Kubelet.Tests.Logs;

public sealed class CriLogWriterTests
{
    private static readonly string[] Lines =
    [
        "2024-01-01T00:00:01.000000001Z stdout P hel\n",
        "2024-01-01T00:00:01.000000002Z stdout F lo\n",
        "2024-01-01T00:00:02Z stderr F oops\n",
        "2024-01-01T00:00:03Z stdout F bye\n",
    ];

    [Fact]
    public void Partial_entries_run_on_into_one_line()
    {
        Assert.Equal("hello\noops\nbye\n", Render(new ContainerLogOptions()));
    }

    [Fact]
    public void Timestamps_start_each_line_not_each_entry()
    {
        Assert.Equal(
            "2024-01-01T00:00:01.000000001Z hello\n2024-01-01T00:00:02Z oops\n2024-01-01T00:00:03Z bye\n",
            Render(new ContainerLogOptions { Timestamps = true }));
    }

    [Fact]
    public void Entries_before_since_are_left_out()
    {
        Assert.Equal("oops\nbye\n", Render(new ContainerLogOptions { Since = new DateTimeOffset(2024, 1, 1, 0, 0, 2, TimeSpan.Zero) }));
    }

    [Fact]
    public void The_byte_limit_cuts_the_last_line()
    {
        var writer = new CriLogWriter(new ContainerLogOptions { LimitBytes = 8 });

        Assert.Equal("hello\noo", Render(writer));
        Assert.True(writer.Done);
    }

    [Fact]
    public void The_byte_limit_counts_the_timestamps()
    {
        Assert.Equal("2024-01-01T00:00:01", Render(new ContainerLogOptions { Timestamps = true, LimitBytes = 19 }));
    }

    [Fact]
    public void Without_follow_the_tail_stops_after_its_lines()
    {
        var writer = new CriLogWriter(new ContainerLogOptions { TailLines = 2 });

        Assert.Equal("hello\noops\n", Render(writer));
        Assert.True(writer.Done);
    }

    [Fact]
    public void With_follow_the_tail_does_not_stop_the_output()
    {
        var writer = new CriLogWriter(new ContainerLogOptions { TailLines = 2, Follow = true });

        Assert.Equal("hello\noops\nbye\n", Render(writer));
        Assert.False(writer.Done);
    }

    [Fact]
    public void A_tail_of_nothing_is_done_at_once()
    {
        Assert.True(new CriLogWriter(new ContainerLogOptions { TailLines = 0 }).Done);
    }

    private static string Render(ContainerLogOptions options) => Render(new CriLogWriter(options));

    private static string Render(CriLogWriter writer)
    {
        var output = new ArrayBufferWriter<byte>();
        foreach (var line in Lines)
        {
            Assert.True(CriLogEntry.TryParse(Encoding.UTF8.GetBytes(line), out var entry));
            writer.Write(entry, output);
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
