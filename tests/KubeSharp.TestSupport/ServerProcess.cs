namespace KubeSharp.TestSupport;

/// <summary>
/// A real `kubesharp server --disable-agent` on a temp data dir and a free port, as a child process;
/// gives its kubeconfig and kubectl. Restartable on the same data dir.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly TempDirectory _directory = new("apiserver");
    private readonly TempDirectory _cache = new("kubectl-cache");
    private KubeSharpProcess? _process;

    public string DataDirectory => _directory.Path;

    public string Kubeconfig => Path.Combine(_directory.Path, "kubeconfig.yaml");

    public Kubectl Kubectl => new(Kubeconfig, _cache.Path);

    public string Output => _process?.Output ?? string.Empty;

    public static async Task<ServerProcess> StartAsync()
    {
        var server = new ServerProcess();
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts the server (again) on the same data dir and waits until it serves.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        File.Delete(Kubeconfig);
        _process = KubeSharpProcess.Start("server", "--data-dir", _directory.Path, "--https-listen-port", "0", "--bind-address", "127.0.0.1", "--disable-agent");
        await _process.WaitForOutputAsync("API server ready", TimeSpan.FromSeconds(60));
    }

    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            process.Terminate();
            await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
            process.Dispose();
            _process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _directory.Dispose();
        _cache.Dispose();
    }
}
