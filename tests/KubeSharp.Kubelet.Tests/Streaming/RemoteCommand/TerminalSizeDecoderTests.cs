using System.Text;
using System.Text.Json;
using KubeSharp.Kubelet.Streaming.RemoteCommand;

namespace KubeSharp.Kubelet.Tests.Streaming.RemoteCommand;

public sealed class TerminalSizeDecoderTests
{
    [Fact]
    public void One_event_in_one_message()
    {
        Assert.Equal([new TerminalSize(80, 24)], new TerminalSizeDecoder().Append("{\"Width\":80,\"Height\":24}"u8));
    }

    [Fact]
    public void Events_may_come_several_at_once_or_in_pieces()
    {
        var decoder = new TerminalSizeDecoder();

        Assert.Equal(
            [new TerminalSize(80, 24), new TerminalSize(120, 40)],
            decoder.Append("{\"Width\":80,\"Height\":24}\n{\"Width\":120,\"Height\":40}\n{\"Wid"u8));
        Assert.Empty(decoder.Append("th\":100,"u8));
        Assert.Equal([new TerminalSize(100, 30)], decoder.Append("\"Height\":30}"u8));
    }

    [Fact]
    public void Names_match_without_case_and_missing_ones_are_zero()
    {
        Assert.Equal([new TerminalSize(0, 50)], new TerminalSizeDecoder().Append("{\"height\":50,\"depth\":3}"u8));
    }

    [Theory]
    [InlineData("[80,24]")]
    [InlineData("{\"Width\":-1,\"Height\":24}")]
    [InlineData("{\"Width\":\"80\",\"Height\":24}")]
    [InlineData("{Width:80}")]
    public void What_is_not_a_terminal_size_stops_the_stream(string json)
    {
        Assert.ThrowsAny<JsonException>(() => new TerminalSizeDecoder().Append(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void The_events_are_written_as_client_go_writes_them()
    {
        Assert.Equal("{\"Width\":132,\"Height\":43}\n", Encoding.UTF8.GetString(new TerminalSize(132, 43).ToJsonLine()));
    }
}
