using System.Text;
using KubeSharp.Kubelet.Logs;

namespace KubeSharp.Kubelet.Tests.Logs;

public sealed class CriLogEntryTests
{
    [Fact]
    public void A_full_line_keeps_its_newline_and_its_time_text()
    {
        Assert.True(CriLogEntry.TryParse("2016-10-06T00:17:09.669794202Z stdout F hello world\n"u8, out var entry));

        Assert.Equal(CriLogStream.Stdout, entry.Stream);
        Assert.False(entry.Partial);
        Assert.Equal("hello world\n", Encoding.UTF8.GetString(entry.Content));
        Assert.Equal("2016-10-06T00:17:09.669794202Z", Encoding.UTF8.GetString(entry.TimeText));
        Assert.Equal(new DateTimeOffset(2016, 10, 6, 0, 17, 9, TimeSpan.Zero).AddTicks(6_697_942), entry.Time);
    }

    [Fact]
    public void A_partial_line_loses_the_newline_the_file_added()
    {
        Assert.True(CriLogEntry.TryParse("2016-10-06T00:17:09.1Z stderr P first half\n"u8, out var entry));

        Assert.Equal(CriLogStream.Stderr, entry.Stream);
        Assert.True(entry.Partial);
        Assert.Equal("first half", Encoding.UTF8.GetString(entry.Content));
    }

    [Fact]
    public void Spaces_in_the_text_and_an_empty_text_are_kept()
    {
        Assert.True(CriLogEntry.TryParse("2016-10-06T00:17:09Z stdout F  a  b \n"u8, out var spaced));
        Assert.Equal(" a  b \n", Encoding.UTF8.GetString(spaced.Content));

        Assert.True(CriLogEntry.TryParse("2016-10-06T00:17:09Z stdout F \n"u8, out var empty));
        Assert.Equal("\n", Encoding.UTF8.GetString(empty.Content));
    }

    [Fact]
    public void Times_with_an_offset_are_read_as_such()
    {
        Assert.True(CriLogEntry.TryParse("2024-03-01T10:00:00.5+02:00 stdout F x\n"u8, out var entry));

        Assert.Equal(new DateTimeOffset(2024, 3, 1, 8, 0, 0, 500, TimeSpan.Zero), entry.Time.ToUniversalTime());
    }

    [Fact]
    public void Further_tags_after_a_colon_are_ignored()
    {
        Assert.True(CriLogEntry.TryParse("2024-03-01T10:00:00Z stdout P:future x\n"u8, out var entry));

        Assert.True(entry.Partial);
    }

    [Theory]
    [InlineData("not a log line\n")]
    [InlineData("2024-03-01T10:00:00Z stdin F x\n")]
    [InlineData("2024-03-01 10:00:00Z stdout F x\n")]
    [InlineData("2024-13-01T10:00:00Z stdout F x\n")]
    [InlineData("2024-03-01T10:00:00Z stdout\n")]
    [InlineData("2024-03-01T10:00:00 stdout F x\n")]
    public void Lines_not_in_the_CRI_format_are_refused(string line)
    {
        Assert.False(CriLogEntry.TryParse(Encoding.UTF8.GetBytes(line), out _));
    }
}
