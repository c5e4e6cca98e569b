using KubeSharp.TestSupport;

namespace KubeSharp.Tests.Commands;

public sealed class ServerCommandTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dataDir = new("server");

    public void Dispose() => _dataDir.Dispose();

    [Fact]
    public async Task Server_opens_the_sqlite_store_in_the_data_dir_serves_and_stops_cleanly_on_SIGTERM()
    {
        using var server = KubeSharpProcess.Start("server", "--data-dir", _dataDir.Path, "--https-listen-port", "0", "--bind-address", "127.0.0.1", "--disable-agent");
        await server.WaitForOutputAsync("API server ready", Patience);

        server.Terminate();

        Assert.Equal(0, await server.WaitForExitAsync(Patience));
        Assert.Contains($"sqlite at {_dataDir.Path}/server/db/state.db, revision 0", server.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dataDir.Path, "server", "db", "state.db")));
        Assert.True(File.Exists(Path.Combine(_dataDir.Path, "kubeconfig.yaml")));
        Assert.True(File.Exists(Path.Combine(_dataDir.Path, "server", "tls", "server-ca.crt")));
    }

    [Fact]
    public async Task A_second_server_on_the_same_data_dir_is_refused_and_the_first_keeps_running()
    {
        using var first = KubeSharpProcess.Start("server", "--data-dir", _dataDir.Path, "--https-listen-port", "0", "--bind-address", "127.0.0.1", "--disable-agent");
        await first.WaitForOutputAsync("API server ready", Patience);

        using var second = KubeSharpProcess.Start("server", "--data-dir", _dataDir.Path, "--https-listen-port", "0", "--bind-address", "127.0.0.1", "--disable-agent");

        Assert.Equal(1, await second.WaitForExitAsync(Patience));
        Assert.Contains("is in use by another process", second.Output, StringComparison.Ordinal);
        Assert.False(first.HasExited);
        first.Terminate();
        Assert.Equal(0, await first.WaitForExitAsync(Patience));
    }

    [Fact]
    public async Task An_unreachable_etcd_is_reported_clearly()
    {
        using var server = KubeSharpProcess.Start("server", "--data-dir", _dataDir.Path, "--datastore-endpoint", $"http://127.0.0.1:{FreePort.Next()}", "--disable-agent");

        Assert.Equal(1, await server.WaitForExitAsync(Patience));
        Assert.Contains("cannot reach etcd", server.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("server", "--no-such-flag")]
    [InlineData("server", "--data-dir")]
    [InlineData("frobnicate")]
    public async Task Bad_command_lines_exit_2_with_the_usage(params string[] arguments)
    {
        using var process = KubeSharpProcess.Start(arguments);

        Assert.Equal(2, await process.WaitForExitAsync(Patience));
        Assert.Contains("usage: kubesharp COMMAND", process.Output, StringComparison.Ordinal);
    }
}
