using Google.Protobuf;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Prober;

namespace KubeSharp.Kubelet.Tests.Prober;

public sealed class CriExecProberTests
{
    [Fact]
    public void Exit_code_zero_succeeds_with_the_output()
    {
        var response = new ExecSyncResponse { ExitCode = 0, Stdout = ByteString.CopyFromUtf8("ok\n") };

        Assert.Equal(ProbeResult.Success("ok\n"), CriExecProber.FromResponse(response));
    }

    [Fact]
    public void Another_exit_code_fails_with_stdout_then_stderr()
    {
        var response = new ExecSyncResponse
        {
            ExitCode = 1,
            Stdout = ByteString.CopyFromUtf8("checking\n"),
            Stderr = ByteString.CopyFromUtf8("cat: can't open '/tmp/healthy': No such file or directory\n"),
        };

        Assert.Equal(
            ProbeResult.Failure("checking\ncat: can't open '/tmp/healthy': No such file or directory\n"),
            CriExecProber.FromResponse(response));
    }

    [Fact]
    public void The_output_is_cut_at_10_KiB()
    {
        var response = new ExecSyncResponse
        {
            ExitCode = 2,
            Stdout = ByteString.CopyFromUtf8(new string('o', 8 * 1024)),
            Stderr = ByteString.CopyFromUtf8(new string('e', 8 * 1024)),
        };

        var result = CriExecProber.FromResponse(response);

        Assert.Equal(new string('o', 8 * 1024) + new string('e', 2 * 1024), result.Message);
    }

    [Theory]
    [InlineData(1, "command timed out: \"cat /tmp/healthy\" timed out after 1s")]
    [InlineData(90, "command timed out: \"cat /tmp/healthy\" timed out after 1m30s")]
    [InlineData(3600, "command timed out: \"cat /tmp/healthy\" timed out after 1h0m0s")]
    public void A_timeout_is_worded_as_upstreams(int seconds, string expected)
    {
        Assert.Equal(expected, CriExecProber.TimedOut(["cat", "/tmp/healthy"], TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Quotes_in_a_timed_out_command_are_escaped_as_go_quotes_them()
    {
        Assert.Equal(
            "command timed out: \"sh -c \\\"exit 1\\\"\" timed out after 2s",
            CriExecProber.TimedOut(["sh", "-c", "\"exit 1\""], TimeSpan.FromSeconds(2)));
    }
}
