using System.Text;
using KubeSharp.Kubelet.Streaming.RemoteCommand;
using KubeSharp.Kubelet.Streaming.Spdy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Kubelet.Tests.Streaming.RemoteCommand;

/// <summary>Both SPDY ends of a session: kubectl's streams to the kubelet, and the kubelet's to the runtime's streaming server.</summary>
public sealed class SpdyRemoteCommandTests
{
    private const string ExitTwo =
        "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code: error executing command [false], exit code 2\","
        + "\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"2\"}]}}";

    private static readonly RemoteCommandStatus ExitedWithTwo = RemoteCommandStatus.NonZeroExit(2, "error executing command [false], exit code 2");

    [Theory]
    [InlineData("v4.channel.k8s.io", ExitTwo)]
    [InlineData("v2.channel.k8s.io", "command terminated with non-zero exit code: error executing command [false], exit code 2")]
    public async Task A_spdy_client_gets_stdin_through_output_back_and_the_status_on_the_error_stream(string protocol, string report)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var (kubeletEnd, kubectlEnd) = InMemoryDuplex.Create();
        await using var kubelet = SpdyConnection.Server(kubeletEnd, NullLogger.Instance);
        var kubectl = SpdyConnection.Client(kubectlEnd, NullLogger.Instance);
        var kubeletLoop = kubelet.RunAsync(stop.Token);
        var kubectlLoop = kubectl.RunAsync(stop.Token);

        var options = new RemoteCommandOptions(Stdin: true, Stdout: true, Stderr: true, Tty: false);
        var accepting = SpdyRemoteCommandPeer.AcceptAsync(kubelet, protocol, options, TimeProvider.System, NullLogger.Instance, stop.Token);
        var error = await kubectl.OpenStreamAsync(StreamType("error"), stop.Token);
        var stdin = await kubectl.OpenStreamAsync(StreamType("stdin"), stop.Token);
        var stdout = await kubectl.OpenStreamAsync(StreamType("stdout"), stop.Token);
        var stderr = await kubectl.OpenStreamAsync(StreamType("stderr"), stop.Token);
        var peer = await accepting;

        var session = new FakeRemoteCommandSession();
        var runner = new RemoteCommandRunner(new FakeTimeProvider(), NullLogger.Instance);
        var running = runner.RunAsync(peer, _ => Task.FromResult<IRemoteCommandSession>(session), stop.Token);

        await stdin.WriteAsync("date\n"u8.ToArray(), stop.Token);
        await stdin.CloseWriteAsync(stop.Token);
        Assert.Equal("date\n", await session.ReadAllStdinAsync().WaitAsync(stop.Token));

        session.WriteStdout("Mon Jan  6 10:00:00 UTC 2025\n");
        session.WriteStderr("warning\n");
        session.End(ExitedWithTwo);
        Assert.Equal("Mon Jan  6 10:00:00 UTC 2025\n", await ReadAllAsync(stdout, stop.Token));
        Assert.Equal("warning\n", await ReadAllAsync(stderr, stop.Token));
        Assert.Equal(report, await ReadAllAsync(error, stop.Token));

        // kubectl closes the connection once it has read everything; that ends the session.
        await kubectl.DisposeAsync();
        await running.WaitAsync(stop.Token);
        Assert.True(session.Disposed.Task.IsCompleted);
        await Task.WhenAll(kubeletLoop, kubectlLoop).WaitAsync(stop.Token);
    }

    [Fact]
    public async Task A_spdy_client_that_does_not_open_its_streams_in_time_is_given_up()
    {
        var time = new FakeTimeProvider();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var (kubeletEnd, kubectlEnd) = InMemoryDuplex.Create();
        await using var kubelet = SpdyConnection.Server(kubeletEnd, NullLogger.Instance);
        await using var kubectl = SpdyConnection.Client(kubectlEnd, NullLogger.Instance);
        _ = kubelet.RunAsync(stop.Token);
        _ = kubectl.RunAsync(stop.Token);

        var options = new RemoteCommandOptions(Stdin: false, Stdout: true, Stderr: false, Tty: false);
        var accepting = SpdyRemoteCommandPeer.AcceptAsync(kubelet, RemoteCommandProtocols.V4, options, time, NullLogger.Instance, stop.Token);
        await kubectl.OpenStreamAsync(StreamType("error"), stop.Token);
        time.Advance(SpdyRemoteCommandPeer.StreamCreationTimeout);

        var timedOut = await Assert.ThrowsAsync<TimeoutException>(() => accepting.WaitAsync(stop.Token));
        Assert.Equal("timed out waiting for client to create streams", timedOut.Message);
    }

    [Fact]
    public async Task The_runtime_gets_client_gos_streams_in_order_and_its_status_is_read()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var (runtimeEnd, kubeletEnd) = InMemoryDuplex.Create();
        await using var runtime = SpdyConnection.Server(runtimeEnd, NullLogger.Instance);
        var runtimeLoop = runtime.RunAsync(stop.Token);

        var streams = new RemoteCommandOptions(Stdin: true, Stdout: true, Stderr: false, Tty: true);
        var opening = SpdyRemoteCommandSession.OpenAsync(kubeletEnd, streams, TimeProvider.System, NullLogger.Instance, stop.Token);
        var opened = new Dictionary<string, SpdyStream>();
        var order = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var stream = await runtime.AcceptStreamAsync(stop.Token);
            Assert.NotNull(stream);
            await stream.ReplyAsync(stop.Token);
            order.Add(stream.Headers["streamtype"]);
            opened[stream.Headers["streamtype"]] = stream;
        }

        Assert.Equal(["error", "stdin", "stdout", "resize"], order);
        await using var session = await opening.WaitAsync(stop.Token);

        await session.WriteStdinAsync("ls\n"u8.ToArray(), stop.Token);
        await session.CloseStdinAsync(stop.Token);
        await session.WriteStdinAsync("dropped"u8.ToArray(), stop.Token);
        Assert.Equal("ls\n", await ReadAllAsync(opened["stdin"], stop.Token));

        await session.ResizeAsync(new TerminalSize(100, 30), stop.Token);
        const string Resize = "{\"Width\":100,\"Height\":30}\n";
        Assert.Equal(Resize, await ReadTextAsync(opened["resize"], Resize.Length, stop.Token));

        await opened["stdout"].WriteAsync("bin\netc\n"u8.ToArray(), stop.Token);
        await opened["stdout"].CloseWriteAsync(stop.Token);
        Assert.Equal("bin\netc\n", await ReadOutputAsync(session, RemoteCommandChannel.Stdout, stop.Token));
        Assert.Equal(0, await session.ReadOutputAsync(RemoteCommandChannel.Stderr, new byte[16], stop.Token));

        await opened["error"].WriteAsync(Encoding.UTF8.GetBytes(ExitTwo), stop.Token);
        await runtime.DisposeAsync();
        var status = await session.ReadStatusAsync(stop.Token);
        Assert.Equal(2, status.ExitCode);
        Assert.Equal(ExitTwo, Encoding.UTF8.GetString(status.ToJson()));
        await runtimeLoop.WaitAsync(stop.Token);
    }

    private static Dictionary<string, string> StreamType(string type) => new() { ["streamType"] = type };

    private static async Task<string> ReadAllAsync(SpdyStream stream, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    private static async Task<string> ReadTextAsync(SpdyStream stream, int length, CancellationToken cancellationToken)
    {
        var buffer = new byte[length];
        var filled = 0;
        int read;
        while (filled < length && (read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, filled);
    }

    private static async Task<string> ReadOutputAsync(IRemoteCommandSession session, RemoteCommandChannel channel, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        int read;
        while ((read = await session.ReadOutputAsync(channel, buffer, cancellationToken)) > 0)
        {
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString();
    }
}
