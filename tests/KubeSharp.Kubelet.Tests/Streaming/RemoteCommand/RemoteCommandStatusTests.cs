using System.Text;
using KubeSharp.Kubelet.Streaming.RemoteCommand;

namespace KubeSharp.Kubelet.Tests.Streaming.RemoteCommand;

public sealed class RemoteCommandStatusTests
{
    private const string ExitThree =
        "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3\","
        + "\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"3\"}]}}";

    [Fact]
    public void Success_is_written_as_upstream_marshals_it()
    {
        Assert.Equal("{\"metadata\":{},\"status\":\"Success\"}", Json(RemoteCommandStatus.Success));
        Assert.Empty(RemoteCommandStatus.Success.ToText());
    }

    [Fact]
    public void A_non_zero_exit_code_carries_the_code_as_a_cause()
    {
        var status = RemoteCommandStatus.NonZeroExit(3, "error executing command [sh -c exit 3], exit code 3");

        Assert.Equal(ExitThree, Json(status));
        Assert.Equal(3, status.ExitCode);
        Assert.Equal(
            "command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3",
            Encoding.UTF8.GetString(status.ToText()));
    }

    [Fact]
    public void An_internal_error_is_upstreams_NewInternalError()
    {
        Assert.Equal(
            "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"Internal error occurred: error attaching to container: boom\","
            + "\"reason\":\"InternalError\",\"details\":{\"causes\":[{\"message\":\"error attaching to container: boom\"}]},\"code\":500}",
            Json(RemoteCommandStatus.Internal("error attaching to container: boom")));
    }

    [Fact]
    public void A_refusal_is_a_whole_status_object_with_its_code()
    {
        var status = RemoteCommandStatus.Failure(404, "pod does not exist");

        Assert.Equal(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"pod does not exist\",\"reason\":\"NotFound\",\"code\":404}",
            Encoding.UTF8.GetString(status.ToJson(withTypeMeta: true)));
    }

    [Fact]
    public void The_runtimes_status_reads_back_as_it_was_written()
    {
        var status = RemoteCommandStatus.Parse(Encoding.UTF8.GetBytes(ExitThree));

        Assert.False(status.IsSuccess);
        Assert.Equal(3, status.ExitCode);
        Assert.Equal(ExitThree, Json(status));
    }

    [Fact]
    public void An_empty_error_stream_is_success()
    {
        Assert.True(RemoteCommandStatus.Parse([]).IsSuccess);
    }

    [Fact]
    public void Something_else_on_the_error_stream_is_a_protocol_error()
    {
        var status = RemoteCommandStatus.Parse("exec failed"u8);

        Assert.Equal("InternalError", status.Reason);
        Assert.StartsWith("Internal error occurred: error stream protocol error: ", status.Message, StringComparison.Ordinal);
        Assert.EndsWith(" in \"exec failed\"", status.Message, StringComparison.Ordinal);
        Assert.Null(status.ExitCode);
    }

    [Fact]
    public void Quotes_and_non_ascii_text_are_written_as_go_writes_them()
    {
        var status = RemoteCommandStatus.NonZeroExit(1, "error executing command [sh -c echo 'héllo' \"x\"], exit code 1");

        Assert.Contains("[sh -c echo 'héllo' \\\"x\\\"]", Json(status), StringComparison.Ordinal);
    }

    private static string Json(RemoteCommandStatus status) => Encoding.UTF8.GetString(status.ToJson());
}
