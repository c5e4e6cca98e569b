using KubeSharp.Kubelet.Streaming.RemoteCommand;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace KubeSharp.Kubelet.Tests.Streaming.RemoteCommand;

public sealed class RemoteCommandOptionsTests
{
    [Fact]
    public void The_api_servers_names_are_read_as_upstreams_kubelet_reads_them()
    {
        Assert.Equal(new RemoteCommandOptions(Stdin: true, Stdout: true, Stderr: false, Tty: true), Parse("?input=1&output=1&tty=1"));
    }

    [Fact]
    public void The_apis_own_names_and_go_spellings_of_true_are_taken_too()
    {
        Assert.Equal(new RemoteCommandOptions(Stdin: false, Stdout: true, Stderr: true, Tty: false), Parse("?stdin=0&stdout=true&stderr=T&tty=false"));
    }

    [Fact]
    public void A_terminal_drops_stderr()
    {
        Assert.Equal(new RemoteCommandOptions(Stdin: false, Stdout: true, Stderr: false, Tty: true), Parse("?output=1&error=1&tty=1"));
    }

    [Theory]
    [InlineData("?command=ls")]
    [InlineData("?input=0&output=no&error=false")]
    [InlineData("?error=1&tty=1")]
    public void Asking_for_no_stream_is_refused(string query)
    {
        Assert.Null(Parse(query));
    }

    [Fact]
    public void The_first_value_of_a_repeated_flag_counts()
    {
        Assert.Equal(new RemoteCommandOptions(Stdin: false, Stdout: true, Stderr: false, Tty: false), Parse("?output=1&output=0"));
    }

    [Fact]
    public void The_command_is_every_command_value_in_order()
    {
        var query = new QueryCollection(QueryHelpers.ParseQuery("?command=sh&command=-c&command=echo%20a%26b&output=1"));

        Assert.Equal(["sh", "-c", "echo a&b"], RemoteCommandOptions.Command(query));
    }

    [Fact]
    public void Attach_takes_the_containers_terminal_setting()
    {
        var asked = new RemoteCommandOptions(Stdin: true, Stdout: true, Stderr: true, Tty: false);

        Assert.Equal(new RemoteCommandOptions(Stdin: true, Stdout: true, Stderr: false, Tty: true), asked.WithTty(true));
        Assert.Equal(asked, asked.WithTty(false));
    }

    private static RemoteCommandOptions? Parse(string query) =>
        RemoteCommandOptions.FromQuery(new QueryCollection(QueryHelpers.ParseQuery(query)));
}
